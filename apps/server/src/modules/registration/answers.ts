import type { Answers, FieldError } from '@foyer/contracts';
import type { registrationQuestions } from './schema.ts';

type QuestionRow = Pick<typeof registrationQuestions.$inferSelect, 'id' | 'kind' | 'required' | 'options' | 'label'>;

const MAX_LENGTH = { short_text: 200, long_text: 5000 } as const;

/**
 * Checks answers against the event's questions: every required question
 * answered, every answer of the right shape, no answers to unknown
 * questions. Answers the cleaned answers (blank text left out) and the
 * per-field errors, addressed as `body.answers.<questionId>`.
 */
export function checkAnswers(questions: QuestionRow[], answers: Answers): { answers: Answers; errors: FieldError[] } {
  const errors: FieldError[] = [];
  const clean: Answers = {};
  const byId = new Map(questions.map((q) => [q.id, q]));
  for (const id of Object.keys(answers)) {
    if (!byId.has(id))
      errors.push({
        field: `body.answers.${id}`,
        message: 'is not a question of this event',
        code: 'unknown_question',
      });
  }
  for (const q of questions) {
    const field = `body.answers.${q.id}`;
    const value = answers[q.id];
    const missing = () => errors.push({ field, message: `“${q.label}” needs an answer`, code: 'required' });
    const wrong = (message: string, code = 'invalid_type') => errors.push({ field, message, code });
    switch (q.kind) {
      case 'short_text':
      case 'long_text': {
        if (value === undefined || (typeof value === 'string' && value.trim() === '')) {
          if (q.required) missing();
          break;
        }
        if (typeof value !== 'string') wrong('must be text');
        else if (value.length > MAX_LENGTH[q.kind])
          wrong(`must be at most ${MAX_LENGTH[q.kind]} characters`, 'too_long');
        else if (q.kind === 'short_text' && /[\r\n]/.test(value)) wrong('must be a single line', 'invalid_format');
        else clean[q.id] = value.trim();
        break;
      }
      case 'single_choice': {
        if (value === undefined || value === '') {
          if (q.required) missing();
          break;
        }
        if (typeof value !== 'string') wrong('must be one of the choices');
        else if (!q.options.includes(value)) wrong('is not one of the choices', 'invalid_choice');
        else clean[q.id] = value;
        break;
      }
      case 'multiple_choice': {
        if (value === undefined || (Array.isArray(value) && value.length === 0)) {
          if (q.required) missing();
          else if (value !== undefined) clean[q.id] = [];
          break;
        }
        if (!Array.isArray(value)) wrong('must be a list of choices');
        else if (value.some((v) => !q.options.includes(v)))
          wrong('contains something that is not a choice', 'invalid_choice');
        else if (new Set(value).size !== value.length) wrong('names a choice twice', 'duplicate_choice');
        else clean[q.id] = value;
        break;
      }
      case 'checkbox': {
        if (value !== undefined && typeof value !== 'boolean') {
          wrong('must be true or false');
          break;
        }
        // A required checkbox is a consent: it must be ticked.
        if (q.required && value !== true) missing();
        else if (value !== undefined) clean[q.id] = value;
        break;
      }
    }
  }
  return { answers: clean, errors };
}
