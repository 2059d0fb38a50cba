import type { RegistrationForm } from '@foyer/contracts';
import type { FieldMapping } from '../../forms/problem.ts';

/** The form's field for every requirement at once (they are acknowledged together). */
export const REQUIREMENTS = 'requirements';

/**
 * Where the server's answer to a registration lands in the form: each
 * `body.answers.<questionId>` error on its question, a second registration
 * of the address on the email field, missing acknowledgements on the
 * requirements.
 */
export function registrationFieldMapping(form: Pick<RegistrationForm, 'questions'>): FieldMapping {
  return {
    fields: ['name', 'email', ...form.questions.map((q) => q.id), REQUIREMENTS],
    codes: { ALREADY_REGISTERED: 'email', REQUIREMENTS_NOT_ACKNOWLEDGED: REQUIREMENTS },
    rename: Object.fromEntries(form.questions.map((q) => [`answers.${q.id}`, q.id])),
  };
}
