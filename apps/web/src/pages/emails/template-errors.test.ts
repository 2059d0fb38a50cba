import { FoyerApiError } from '@foyer/client';
import { describe, expect, it } from 'vitest';
import { overrideParts, templateSyntaxErrors } from './template-errors.ts';

const problem = (code: string, errors: unknown[]) =>
  new FoyerApiError({
    type: 'about:blank',
    title: 'Unprocessable',
    status: 422,
    detail: 'The text template has an error',
    code,
    errors,
  } as never);

describe('templateSyntaxErrors', () => {
  it('places each error next to its part, with line and column', () => {
    const found = templateSyntaxErrors(
      problem('TEMPLATE_INVALID', [
        { field: 'body.text', code: 'template_syntax', line: 2, column: 10, message: 'tag if not closed' },
        { field: 'body.subject', code: 'template_syntax', line: 1, column: 3, message: 'unexpected' },
      ]),
    );
    expect(found).toEqual({
      text: { line: 2, column: 10, message: 'tag if not closed' },
      subject: { line: 1, column: 3, message: 'unexpected' },
    });
  });

  it('is null for other problems and other errors', () => {
    expect(templateSyntaxErrors(problem('VALIDATION_FAILED', []))).toBeNull();
    expect(templateSyntaxErrors(new TypeError('network'))).toBeNull();
  });
});

describe('overrideParts', () => {
  it('stores only the parts that differ from the fallback', () => {
    expect(
      overrideParts(
        { subject: 'Mine', html: '<p>x</p>', text: 'x' },
        { subject: 'Theirs', html: '<p>x</p>', text: 'y' },
      ),
    ).toEqual({ subject: 'Mine', html: null, text: 'x' });
  });
});
