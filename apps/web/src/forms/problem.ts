import { FoyerApiError } from '@foyer/client';
import type { ErrorCode } from '@foyer/contracts';
import i18next, { type TFunction } from 'i18next';
import { useTranslation } from 'react-i18next';
import type en from '../i18n/en.json';
import { useLocale } from '../i18n/locale.ts';

// Asked of the loaded translations (only the visitor's language is downloaded), not of en.json itself.
type KnownCode = keyof typeof en.errors;
const isKnown = (code: string): code is KnownCode => i18next.exists(`errors.${code}`);
type Weakness = keyof typeof en.passwordWeakness;
const isWeakness = (code: string): code is Weakness => i18next.exists(`passwordWeakness.${code}`);

/** How long to wait, in words ("2 minutes"), for a 429's Retry-After. */
function waitText(seconds: number, language: string): string {
  const [value, unit] = seconds >= 90 ? [Math.ceil(seconds / 60), 'minute'] : [seconds, 'second'];
  return new Intl.NumberFormat(language, { style: 'unit', unit, unitDisplay: 'long' }).format(value);
}

/**
 * One sentence for a failed call, in the UI language: our own wording for
 * the codes people meet in forms, the server's detail for anything else.
 */
export function problemText(error: unknown, t: TFunction, language: string): string {
  if (error instanceof FoyerApiError) {
    if (error.code === 'RATE_LIMITED' && error.retryAfter) {
      return t('errors.rateLimitedFor', { wait: waitText(error.retryAfter, language) });
    }
    // The server says why a password is weak with a code per reason.
    const reason = error.code === 'WEAK_PASSWORD' ? error.problem.errors?.[0]?.code : undefined;
    if (reason && isWeakness(reason)) return t(`passwordWeakness.${reason}`);
    return isKnown(error.code) ? t(`errors.${error.code}`) : error.problem.detail;
  }
  if (error instanceof TypeError) return t('query.networkError');
  return t('query.unexpected');
}

export interface FieldMapping {
  /** The form's field names; messages for other fields are shown for the whole form. */
  fields: readonly string[];
  /** Codes that are about one field, e.g. `{ EMAIL_TAKEN: 'email' }`. */
  codes?: Partial<Record<ErrorCode, string>>;
  /** Server field names that this form calls differently, e.g. `{ password: 'newPassword' }`. */
  rename?: Record<string, string>;
}

/**
 * Splits a problem into messages per form field (from `errors[]`, whose
 * `field` is `body.email` and so on, and from `codes`) and a form-level
 * message for the rest.
 */
export function problemFields(
  error: unknown,
  t: TFunction,
  language: string,
  mapping: FieldMapping,
): { fields: Record<string, string>; form: string | null } {
  if (!(error instanceof FoyerApiError)) return { fields: {}, form: problemText(error, t, language) };
  const fields: Record<string, string> = {};
  const byCode = mapping.codes?.[error.code];
  if (byCode) fields[byCode] = problemText(error, t, language);
  let unplaced = false;
  for (const item of error.problem.errors ?? []) {
    const raw = item.field.replace(/^body\./, '');
    const name = mapping.rename?.[raw] ?? raw;
    if (!mapping.fields.includes(name)) {
      unplaced = true;
      continue;
    }
    fields[name] ??= fieldMessage(item.code, item.message, error, t, language);
  }
  const placed = Object.keys(fields).length > 0;
  return { fields, form: placed && !unplaced ? null : problemText(error, t, language) };
}

function fieldMessage(code: string, message: string, error: FoyerApiError, t: TFunction, language: string): string {
  if (isWeakness(code)) return t(`passwordWeakness.${code}`);
  if (error.code === 'WEAK_PASSWORD') return problemText(error, t, language);
  return message.charAt(0).toUpperCase() + message.slice(1);
}

/** `problemText` and `problemFields` bound to the current language. */
export function useProblem() {
  const { t } = useTranslation();
  const language = useLocale();
  return {
    text: (error: unknown) => problemText(error, t, language),
    fields: (error: unknown, mapping: FieldMapping) => problemFields(error, t, language, mapping),
  };
}
