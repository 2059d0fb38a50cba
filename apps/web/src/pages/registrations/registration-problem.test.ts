import { FoyerApiError } from '@foyer/client';
import type { Problem, Question } from '@foyer/contracts';
import i18next from 'i18next';
import { beforeAll, describe, expect, it } from 'vitest';
import { problemFields } from '../../forms/problem.ts';
import en from '../../i18n/en.json';
import { REQUIREMENTS, registrationFieldMapping } from './registration-problem.ts';

const t = i18next.t.bind(i18next);
beforeAll(async () => {
  await i18next.init({ lng: 'en', resources: { en: { translation: en } } });
});

const QUESTION_ID = '00000000-0000-4000-8000-000000000001';
const form = { questions: [{ id: QUESTION_ID } as Question] };
const problem = (code: Problem['code'], errors?: Problem['errors']) =>
  new FoyerApiError({ type: 't', title: 'T', status: 422, detail: 'Server detail.', code, errors });

describe('registration problems in the form', () => {
  it('puts an answer error on its question', () => {
    const error = problem('VALIDATION_FAILED', [
      { field: `body.answers.${QUESTION_ID}`, code: 'invalid_choice', message: 'is not one of the choices' },
    ]);
    expect(problemFields(error, t, 'en', registrationFieldMapping(form))).toEqual({
      fields: { [QUESTION_ID]: 'Is not one of the choices' },
      form: null,
    });
  });

  it('puts a second registration on the email field and missing acknowledgements on the requirements', () => {
    const taken = problemFields(problem('ALREADY_REGISTERED'), t, 'en', registrationFieldMapping(form));
    expect(taken.fields.email).toBe('This email address is already registered for this event.');
    const missing = problemFields(problem('REQUIREMENTS_NOT_ACKNOWLEDGED'), t, 'en', registrationFieldMapping(form));
    expect(missing.fields[REQUIREMENTS]).toBe('Please confirm every requirement.');
  });

  it('keeps problems about no field for the whole form', () => {
    const closed = problemFields(problem('REGISTRATION_CLOSED'), t, 'en', registrationFieldMapping(form));
    expect(closed).toEqual({ fields: {}, form: 'Registration for this event is closed.' });
  });
});
