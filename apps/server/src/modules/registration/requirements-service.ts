import type { Requirement } from '@foyer/contracts';
import { and, asc, eq } from 'drizzle-orm';
import type { Db, Executor } from '../../platform/db/database.ts';
import { isUniqueViolation } from '../../platform/db/errors.ts';
import { AppError } from '../../platform/http/problem.ts';
import type { AuditActor, AuditService } from '../audit/index.ts';
import { eventRow } from './event-access.ts';
import { eventRequirements, type RequirementKind } from './schema.ts';

type RequirementRow = typeof eventRequirements.$inferSelect;
export interface RequirementInput {
  key?: string | undefined;
  label?: string | undefined;
  description?: string | undefined;
  kind?: RequirementKind | undefined;
  sortOrder?: number | undefined;
}

/** What participants of an event must bring, know or be aware of; acknowledged by key when registering. */
export class RequirementsService {
  constructor(
    private readonly db: Db,
    private readonly audit: AuditService,
  ) {}

  async list(eventId: string, executor: Executor = this.db): Promise<Requirement[]> {
    const rows = await executor
      .select()
      .from(eventRequirements)
      .where(eq(eventRequirements.eventId, eventId))
      .orderBy(asc(eventRequirements.sortOrder), asc(eventRequirements.key));
    return rows.map(toDto);
  }

  async create(
    eventId: string,
    body: RequirementInput & { key: string; label: string; kind: RequirementKind },
    by: AuditActor,
  ): Promise<Requirement> {
    return this.db.transaction(async (tx) => {
      const event = await eventRow(tx, eventId);
      const [row] = await tx
        .insert(eventRequirements)
        .values({
          eventId,
          organizationId: event.organizationId,
          key: body.key,
          label: body.label,
          description: body.description ?? '',
          kind: body.kind,
          sortOrder: body.sortOrder ?? 0,
        })
        .returning()
        .catch((err: unknown) => {
          throw isUniqueViolation(err) ? keyTaken(body.key) : err;
        });
      await this.record(tx, row!, 'created', by);
      return toDto(row!);
    });
  }

  async update(eventId: string, requirementId: string, patch: RequirementInput, by: AuditActor): Promise<Requirement> {
    return this.db.transaction(async (tx) => {
      const fields = Object.fromEntries(Object.entries(patch).filter(([, v]) => v !== undefined));
      const [row] = await tx
        .update(eventRequirements)
        .set({ ...fields, updatedAt: new Date() })
        .where(and(eq(eventRequirements.id, requirementId), eq(eventRequirements.eventId, eventId)))
        .returning()
        .catch((err: unknown) => {
          throw isUniqueViolation(err) ? keyTaken(patch.key ?? '') : err;
        });
      if (!row) throw notFound();
      await this.record(tx, row, 'updated', by, { fields: Object.keys(fields) });
      return toDto(row);
    });
  }

  async delete(eventId: string, requirementId: string, by: AuditActor): Promise<void> {
    await this.db.transaction(async (tx) => {
      const [row] = await tx
        .delete(eventRequirements)
        .where(and(eq(eventRequirements.id, requirementId), eq(eventRequirements.eventId, eventId)))
        .returning();
      if (!row) throw notFound();
      await this.record(tx, row, 'deleted', by);
    });
  }

  private async record(
    tx: Executor,
    row: RequirementRow,
    what: 'created' | 'updated' | 'deleted',
    by: AuditActor,
    extra: Record<string, unknown> = {},
  ): Promise<void> {
    await this.audit.recordChange(tx, {
      actor: by,
      organizationId: row.organizationId,
      action: `event_requirement.${what}`,
      subject: { type: 'event_requirement', id: row.id },
      metadata: { eventId: row.eventId, key: row.key, ...extra },
      event: {
        aggregate: { type: 'event', id: row.eventId },
        payload: { eventId: row.eventId, requirementId: row.id, key: row.key },
      },
    });
  }
}

function keyTaken(key: string): AppError {
  return new AppError('CONFLICT', 409, `The event already has a requirement "${key}".`, [
    { field: 'body.key', message: 'is already used in this event', code: 'key_taken' },
  ]);
}

function notFound(): AppError {
  return new AppError('NOT_FOUND', 404, 'No such requirement in this event.');
}

function toDto(row: RequirementRow): Requirement {
  return {
    id: row.id,
    eventId: row.eventId,
    key: row.key,
    label: row.label,
    description: row.description,
    kind: row.kind,
    sortOrder: row.sortOrder,
    createdAt: row.createdAt.toISOString(),
    updatedAt: row.updatedAt.toISOString(),
  };
}
