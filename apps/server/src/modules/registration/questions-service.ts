import type { Question } from '@foyer/contracts';
import { and, asc, eq } from 'drizzle-orm';
import type { Db, Executor } from '../../platform/db/database.ts';
import { AppError } from '../../platform/http/problem.ts';
import type { AuditActor, AuditService } from '../audit/index.ts';
import { eventRow } from './event-access.ts';
import { type QuestionKind, registrationQuestions } from './schema.ts';

type QuestionRow = typeof registrationQuestions.$inferSelect;
export interface QuestionInput {
  label?: string | undefined;
  help?: string | undefined;
  kind?: QuestionKind | undefined;
  required?: boolean | undefined;
  options?: string[] | undefined;
  sortOrder?: number | undefined;
}

/** The custom questions of an event's registration form. */
export class QuestionsService {
  constructor(
    private readonly db: Db,
    private readonly audit: AuditService,
  ) {}

  /** In form order. */
  async list(eventId: string, executor: Executor = this.db): Promise<Question[]> {
    return (await this.rows(executor, eventId)).map(toDto);
  }

  /** The rows, for checking answers inside a registration's transaction. */
  rows(executor: Executor, eventId: string): Promise<QuestionRow[]> {
    return executor
      .select()
      .from(registrationQuestions)
      .where(eq(registrationQuestions.eventId, eventId))
      .orderBy(
        asc(registrationQuestions.sortOrder),
        asc(registrationQuestions.createdAt),
        asc(registrationQuestions.id),
      );
  }

  async create(
    eventId: string,
    body: QuestionInput & { label: string; kind: QuestionKind },
    by: AuditActor,
  ): Promise<Question> {
    const options = body.options ?? [];
    assertOptions(body.kind, options);
    return this.db.transaction(async (tx) => {
      const event = await eventRow(tx, eventId);
      const [row] = await tx
        .insert(registrationQuestions)
        .values({
          eventId,
          organizationId: event.organizationId,
          label: body.label,
          help: body.help ?? '',
          kind: body.kind,
          required: body.required ?? false,
          options,
          sortOrder: body.sortOrder ?? 0,
        })
        .returning();
      await this.record(tx, row!, 'created', by);
      return toDto(row!);
    });
  }

  async update(eventId: string, questionId: string, patch: QuestionInput, by: AuditActor): Promise<Question> {
    return this.db.transaction(async (tx) => {
      const [before] = await tx
        .select()
        .from(registrationQuestions)
        .where(and(eq(registrationQuestions.id, questionId), eq(registrationQuestions.eventId, eventId)))
        .for('update');
      if (!before) throw notFound();
      assertOptions(patch.kind ?? before.kind, patch.options ?? before.options);
      const fields = Object.fromEntries(Object.entries(patch).filter(([, v]) => v !== undefined));
      const [row] = await tx
        .update(registrationQuestions)
        .set({ ...fields, updatedAt: new Date() })
        .where(eq(registrationQuestions.id, questionId))
        .returning();
      await this.record(tx, row!, 'updated', by, { fields: Object.keys(fields) });
      return toDto(row!);
    });
  }

  /** Removes the question; answers already given stay with their registrations. */
  async delete(eventId: string, questionId: string, by: AuditActor): Promise<void> {
    await this.db.transaction(async (tx) => {
      const [row] = await tx
        .delete(registrationQuestions)
        .where(and(eq(registrationQuestions.id, questionId), eq(registrationQuestions.eventId, eventId)))
        .returning();
      if (!row) throw notFound();
      await this.record(tx, row, 'deleted', by);
    });
  }

  private async record(
    tx: Executor,
    row: QuestionRow,
    what: 'created' | 'updated' | 'deleted',
    by: AuditActor,
    extra: Record<string, unknown> = {},
  ): Promise<void> {
    await this.audit.recordChange(tx, {
      actor: by,
      organizationId: row.organizationId,
      action: `registration_question.${what}`,
      subject: { type: 'registration_question', id: row.id },
      metadata: { eventId: row.eventId, ...extra },
      event: { aggregate: { type: 'event', id: row.eventId }, payload: { eventId: row.eventId, questionId: row.id } },
    });
  }
}

/** Choice questions need distinct choices; other kinds take none. */
function assertOptions(kind: QuestionKind, options: string[]): void {
  const choice = kind === 'single_choice' || kind === 'multiple_choice';
  const message = choice
    ? options.length === 0
      ? 'needs at least one choice'
      : new Set(options).size !== options.length
        ? 'must not repeat a choice'
        : null
    : options.length > 0
      ? `is only for choice questions, not ${kind}`
      : null;
  if (message) {
    throw new AppError('VALIDATION_FAILED', 422, `The question’s options ${message}.`, [
      { field: 'body.options', message, code: 'invalid_options' },
    ]);
  }
}

function notFound(): AppError {
  return new AppError('NOT_FOUND', 404, 'No such question in this event.');
}

function toDto(row: QuestionRow): Question {
  return {
    id: row.id,
    eventId: row.eventId,
    label: row.label,
    help: row.help,
    kind: row.kind,
    required: row.required,
    options: row.options,
    sortOrder: row.sortOrder,
    createdAt: row.createdAt.toISOString(),
    updatedAt: row.updatedAt.toISOString(),
  };
}
