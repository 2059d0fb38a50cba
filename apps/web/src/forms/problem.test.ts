import { FoyerApiError } from '@foyer/client';
import type { Problem } from '@foyer/contracts';
import i18next from 'i18next';
import { beforeAll, describe, expect, it } from 'vitest';
import de from '../i18n/de.json';
import en from '../i18n/en.json';
import { problemFields, problemText } from './problem.ts';

const t = i18next.t.bind(i18next);

beforeAll(async () => {
  await i18next.init({ lng: 'en', resources: { en: { translation: en }, de: { translation: de } } });
});

const problem = (code: Problem['code'], extra: Partial<Problem> = {}, retryAfter: number | null = null) =>
  new FoyerApiError({ type: 't', title: 'T', status: 400, detail: 'Server detail.', code, ...extra }, retryAfter);

describe('problemText', () => {
  it('uses our wording for known codes and the server detail otherwise', () => {
    expect(problemText(problem('LAST_OWNER'), t, 'en')).toMatch(/at least one owner/);
    expect(problemText(problem('INTERNAL_ERROR'), t, 'en')).toBe('Server detail.');
  });

  it('says how long to wait after a 429', () => {
    expect(problemText(problem('RATE_LIMITED', {}, 120), t, 'en')).toBe(
      'Too many attempts. Please wait 2 minutes and try again.',
    );
  });
});

describe('problemFields', () => {
  it('puts field errors and field codes on their fields', () => {
    const weak = problem('WEAK_PASSWORD', {
      detail: 'The password is too common.',
      errors: [{ field: 'body.password', message: 'is too common', code: 'password_common' }],
    });
    expect(problemFields(weak, t, 'en', { fields: ['newPassword'], rename: { password: 'newPassword' } })).toEqual({
      fields: { newPassword: 'This is one of the most common passwords. Choose another.' },
      form: null,
    });
    expect(
      problemFields(problem('EMAIL_TAKEN'), t, 'en', { fields: ['email'], codes: { EMAIL_TAKEN: 'email' } }).fields,
    ).toEqual({ email: expect.stringMatching(/already exists/) });
  });

  it('shows errors for fields the form does not have at form level', () => {
    const result = problemFields(
      problem('VALIDATION_FAILED', { errors: [{ field: 'body.locale', message: 'too long', code: 'too_big' }] }),
      t,
      'en',
      { fields: ['name'] },
    );
    expect(result.fields).toEqual({});
    expect(result.form).toBe('Server detail.');
  });
});
