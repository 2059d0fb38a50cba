import { Email, MagicCodeVerifyBody, Slug } from '@foyer/contracts';
import type { TFunction } from 'i18next';

// Checks run in the browser for quick, translated feedback; the contracts'
// schemas stay the source of truth and the server checks again.
export function makeValidators(t: TFunction) {
  return {
    required: (value: string) => (value.trim() ? undefined : t('validation.required')),
    email: (value: string) =>
      !value.trim()
        ? t('validation.required')
        : Email.safeParse(value.trim()).success
          ? undefined
          : t('validation.email'),
    newPassword: (value: string) =>
      !value ? t('validation.required') : value.length >= 8 ? undefined : t('validation.passwordLength'),
    sameAs: (value: string, other: string) => (value === other ? undefined : t('validation.passwordsDiffer')),
    code: (value: string) =>
      MagicCodeVerifyBody.shape.code.safeParse(value.trim()).success ? undefined : t('validation.code'),
    slug: (value: string) =>
      !value ? t('validation.required') : Slug.safeParse(value).success ? undefined : t('validation.slug'),
  };
}
