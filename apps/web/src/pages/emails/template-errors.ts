import { FoyerApiError } from '@foyer/client';

export type TemplatePart = 'subject' | 'html' | 'text';
export const TEMPLATE_PARTS: readonly TemplatePart[] = ['subject', 'html', 'text'];

/** Where a part of a template does not parse, from a TEMPLATE_INVALID problem (`errors[].field` is `body.html` …). */
export type TemplateSyntaxErrors = Partial<Record<TemplatePart, { line?: number; column?: number; message: string }>>;

export function templateSyntaxErrors(error: unknown): TemplateSyntaxErrors | null {
  if (!(error instanceof FoyerApiError) || error.code !== 'TEMPLATE_INVALID') return null;
  const found: TemplateSyntaxErrors = {};
  for (const e of error.problem.errors ?? []) {
    const part = e.field.replace(/^body\./, '');
    if (part === 'subject' || part === 'html' || part === 'text') {
      found[part] ??= { line: e.line, column: e.column, message: e.message };
    }
  }
  return found;
}

/**
 * What to store for a part: its text when it differs from what the level
 * would fall back to, otherwise null so the fallback keeps applying (and
 * later changes to it still reach this level).
 */
export function overrideParts(
  values: Record<TemplatePart, string>,
  fallback: Record<TemplatePart, string>,
): Record<TemplatePart, string | null> {
  const parts = {} as Record<TemplatePart, string | null>;
  for (const part of TEMPLATE_PARTS) parts[part] = values[part] === fallback[part] ? null : values[part];
  return parts;
}
