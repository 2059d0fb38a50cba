import type { Executor } from '../../platform/db/database.ts';
import { type EventRow, eventRow } from './event-access.ts';
import type { registrationQuestions } from './schema.ts';

type QuestionRow = typeof registrationQuestions.$inferSelect;

/** What registering checks a request against: the event (its settings), its requirement keys and its questions. */
export interface RegistrationForm {
  event: EventRow;
  requirementKeys: string[];
  questions: QuestionRow[];
}

export interface RegistrationFormSource {
  requirementKeys(executor: Executor, eventId: string): Promise<string[]>;
  questions(executor: Executor, eventId: string): Promise<QuestionRow[]>;
}

/**
 * Registration forms by event, kept in memory so that a rush of sign-ups
 * does not read the event, its requirements and its questions again for
 * every request. The form is part of the event's revision (triggers bump
 * it when questions or requirements change), and the cache is only ever
 * an optimisation:
 * - a request checked against a remembered form is checked again under
 *   the seat lock when the event's revision there is a newer one;
 * - a request refused on a remembered form is checked again on a fresh
 *   one before the refusal is given.
 * So a stale entry can cost a re-check, never change an outcome.
 */
export class RegistrationForms {
  private readonly entries = new Map<string, RegistrationForm>();

  constructor(
    private readonly source: RegistrationFormSource,
    private readonly maxEntries = 1000,
  ) {}

  /** The remembered form of the event, or a fresh one; `remembered` says which. */
  async get(executor: Executor, eventId: string): Promise<{ form: RegistrationForm; remembered: boolean }> {
    const known = this.entries.get(eventId);
    if (known) return { form: known, remembered: true };
    return { form: await this.load(executor, eventId), remembered: false };
  }

  /** Reads the form now (inside a transaction, with `event` already read there) and remembers it. */
  async load(executor: Executor, eventId: string, event?: EventRow): Promise<RegistrationForm> {
    const [current, requirementKeys, questions] = await Promise.all([
      event ?? eventRow(executor, eventId),
      this.source.requirementKeys(executor, eventId),
      this.source.questions(executor, eventId),
    ]);
    const form = { event: current, requirementKeys, questions };
    this.remember(form);
    return form;
  }

  /** Keeps `form` unless a newer revision of it is known already. */
  remember(form: RegistrationForm): void {
    const id = form.event.id;
    const known = this.entries.get(id);
    if (known && known.event.revision > form.event.revision) return;
    this.entries.delete(id);
    if (this.entries.size >= this.maxEntries) {
      const oldest = this.entries.keys().next().value;
      if (oldest !== undefined) this.entries.delete(oldest);
    }
    this.entries.set(id, form);
  }

  /** Drops what is remembered about the event (e.g. on its change notification). */
  forget(eventId?: string): void {
    if (eventId === undefined) this.entries.clear();
    else this.entries.delete(eventId);
  }
}
