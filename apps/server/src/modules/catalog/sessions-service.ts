import type { FieldError, Session } from '@foyer/contracts';
import { asc, eq, inArray, sql } from 'drizzle-orm';
import type { Db, Executor, Tx } from '../../platform/db/database.ts';
import { AppError } from '../../platform/http/problem.ts';
import type { AuditActor, AuditService } from '../audit/index.ts';
import type { LocationsService } from './locations-service.ts';
import type { PeopleService } from './people-service.ts';
import { notFound } from './programme-errors.ts';
import { events, type SessionKind, sessionPeople, sessions, sessionTags } from './schema.ts';
import type { TagsService } from './tags-service.ts';

type SessionRow = typeof sessions.$inferSelect;
export interface SessionInput {
  title?: string | undefined;
  kind?: SessionKind | undefined;
  description?: string | undefined;
  startsAt?: string | null | undefined;
  endsAt?: string | null | undefined;
  locationId?: string | null | undefined;
  capacity?: number | null | undefined;
  isScheduled?: boolean | undefined;
  streamUrl?: string | null | undefined;
  meetingUrl?: string | null | undefined;
  mandatory?: boolean | undefined;
  personIds?: string[] | undefined;
  tagIds?: string[] | undefined;
}

/**
 * Sessions of an event: talks, performances, workshop slots. Their times
 * lie inside the event; their location, people and tags belong to the
 * event's organization (people: to the event itself).
 */
export class SessionsService {
  constructor(
    private readonly db: Db,
    private readonly audit: AuditService,
    private readonly deps: { locations: LocationsService; people: PeopleService; tags: TagsService },
  ) {}

  async create(
    eventId: string,
    body: SessionInput & { title: string; kind: SessionKind },
    by: AuditActor,
  ): Promise<Session> {
    return this.db.transaction(async (tx) => {
      const event = await eventOf(tx, eventId);
      const startsAt = body.startsAt ?? null;
      const endsAt = body.endsAt ?? null;
      const isScheduled = body.isScheduled ?? startsAt !== null;
      await this.check(tx, event, { ...body, startsAt, endsAt, isScheduled });
      const [row] = await tx
        .insert(sessions)
        .values({
          ...columns(body),
          title: body.title,
          kind: body.kind,
          isScheduled,
          eventId,
          organizationId: event.organizationId,
        })
        .returning();
      await this.replaceRelations(tx, row!, body);
      await this.audit.recordChange(tx, {
        actor: by,
        organizationId: event.organizationId,
        action: 'session.created',
        subject: { type: 'session', id: row!.id },
        metadata: { eventId },
        event: { payload: { sessionId: row!.id, eventId } },
      });
      return this.get(row!.id, tx);
    });
  }

  /** Every session of the event (organiser view): by start, unscheduled ones last. */
  async list(eventId: string): Promise<Session[]> {
    const rows = await this.db
      .select()
      .from(sessions)
      .where(eq(sessions.eventId, eventId))
      .orderBy(sql`${sessions.startsAt} asc nulls last`, asc(sessions.title), asc(sessions.id));
    return this.withRelations(this.db, rows);
  }

  async get(sessionId: string, executor: Executor = this.db): Promise<Session> {
    const [row] = await executor.select().from(sessions).where(eq(sessions.id, sessionId));
    if (!row) throw notFound('session');
    return (await this.withRelations(executor, [row]))[0]!;
  }

  async update(sessionId: string, patch: SessionInput, by: AuditActor): Promise<Session> {
    return this.db.transaction(async (tx) => {
      const [before] = await tx.select().from(sessions).where(eq(sessions.id, sessionId)).for('update');
      if (!before) throw notFound('session');
      const event = await eventOf(tx, before.eventId);
      const startsAt = patch.startsAt !== undefined ? patch.startsAt : (before.startsAt?.toISOString() ?? null);
      const endsAt = patch.endsAt !== undefined ? patch.endsAt : (before.endsAt?.toISOString() ?? null);
      const isScheduled = patch.isScheduled ?? (before.isScheduled && startsAt !== null);
      await this.check(tx, event, { ...patch, startsAt, endsAt, isScheduled });
      await tx
        .update(sessions)
        .set({ ...columns(patch), isScheduled, updatedAt: new Date() })
        .where(eq(sessions.id, sessionId));
      await this.replaceRelations(tx, before, patch);
      await this.audit.recordChange(tx, {
        actor: by,
        organizationId: before.organizationId,
        action: 'session.updated',
        subject: { type: 'session', id: sessionId },
        metadata: { eventId: before.eventId, fields: Object.keys(patch) },
        event: { payload: { sessionId, eventId: before.eventId } },
      });
      return this.get(sessionId, tx);
    });
  }

  async delete(sessionId: string, by: AuditActor): Promise<void> {
    await this.db.transaction(async (tx) => {
      const [current] = await tx.delete(sessions).where(eq(sessions.id, sessionId)).returning();
      if (!current) throw notFound('session');
      await this.audit.recordChange(tx, {
        actor: by,
        organizationId: current.organizationId,
        action: 'session.deleted',
        subject: { type: 'session', id: sessionId },
        metadata: { eventId: current.eventId, title: current.title },
        event: { payload: { sessionId, eventId: current.eventId } },
      });
    });
  }

  /** The session's event, or null when there is no such session (for the access gate). */
  async eventIdOf(sessionId: string): Promise<string | null> {
    const [row] = await this.db.select({ eventId: sessions.eventId }).from(sessions).where(eq(sessions.id, sessionId));
    return row?.eventId ?? null;
  }

  /** Times inside the event and in order, and a location, people and tags of the event's organization. */
  private async check(
    tx: Tx,
    event: { id: string; organizationId: string; startsAt: Date; endsAt: Date },
    s: SessionInput & { startsAt: string | null; endsAt: string | null; isScheduled: boolean },
  ): Promise<void> {
    const errors = sessionTimeErrors(event, s);
    if (errors.length > 0) {
      throw new AppError('VALIDATION_FAILED', 422, 'The session’s times do not fit the event.', errors);
    }
    if (s.locationId) await this.deps.locations.assertInOrg(tx, event.organizationId, s.locationId, 'body.locationId');
    if (s.personIds) await this.deps.people.assertInEvent(tx, event.id, s.personIds, 'body.personIds');
    if (s.tagIds) await this.deps.tags.assertInOrg(tx, event.organizationId, s.tagIds, 'body.tagIds');
  }

  private async replaceRelations(tx: Tx, session: SessionRow, body: SessionInput): Promise<void> {
    const { id: sessionId, organizationId } = session;
    if (body.personIds) {
      await tx.delete(sessionPeople).where(eq(sessionPeople.sessionId, sessionId));
      const ids = [...new Set(body.personIds)];
      if (ids.length > 0) {
        await tx.insert(sessionPeople).values(ids.map((personId) => ({ sessionId, personId, organizationId })));
      }
    }
    if (body.tagIds) {
      await tx.delete(sessionTags).where(eq(sessionTags.sessionId, sessionId));
      const ids = [...new Set(body.tagIds)];
      if (ids.length > 0) {
        await tx.insert(sessionTags).values(ids.map((tagId) => ({ sessionId, tagId, organizationId })));
      }
    }
  }

  private async withRelations(executor: Executor, rows: SessionRow[]): Promise<Session[]> {
    if (rows.length === 0) return [];
    const ids = rows.map((r) => r.id);
    const [persons, tagRows] = [
      await executor
        .select()
        .from(sessionPeople)
        .where(inArray(sessionPeople.sessionId, ids))
        .orderBy(asc(sessionPeople.personId)),
      await executor
        .select()
        .from(sessionTags)
        .where(inArray(sessionTags.sessionId, ids))
        .orderBy(asc(sessionTags.tagId)),
    ];
    return rows.map((row) =>
      sessionDto(
        row,
        persons.filter((p) => p.sessionId === row.id).map((p) => p.personId),
        tagRows.filter((t) => t.sessionId === row.id).map((t) => t.tagId),
      ),
    );
  }
}

async function eventOf(executor: Executor, eventId: string) {
  const [event] = await executor
    .select({ id: events.id, organizationId: events.organizationId, startsAt: events.startsAt, endsAt: events.endsAt })
    .from(events)
    .where(eq(events.id, eventId));
  if (!event) throw notFound('event');
  return event;
}

function columns(body: SessionInput) {
  const { personIds: _p, tagIds: _t, startsAt, endsAt, ...rest } = body;
  return {
    ...Object.fromEntries(Object.entries(rest).filter(([, v]) => v !== undefined)),
    ...(startsAt !== undefined ? { startsAt: startsAt === null ? null : new Date(startsAt) } : {}),
    ...(endsAt !== undefined ? { endsAt: endsAt === null ? null : new Date(endsAt) } : {}),
  } as Partial<typeof sessions.$inferInsert>;
}

export function sessionDto(row: SessionRow, personIds: string[], tagIds: string[]): Session {
  return {
    id: row.id,
    organizationId: row.organizationId,
    eventId: row.eventId,
    title: row.title,
    kind: row.kind,
    description: row.description,
    startsAt: row.startsAt?.toISOString() ?? null,
    endsAt: row.endsAt?.toISOString() ?? null,
    locationId: row.locationId,
    capacity: row.capacity,
    isScheduled: row.isScheduled,
    streamUrl: row.streamUrl,
    meetingUrl: row.meetingUrl,
    mandatory: row.mandatory,
    personIds,
    tagIds,
    createdAt: row.createdAt.toISOString(),
    updatedAt: row.updatedAt.toISOString(),
  };
}

/**
 * What is wrong with a session's times for its event (empty when nothing):
 * both or neither of start and end, inside the event, end after start, and
 * scheduled only with times. Fields are named `body.<field>`.
 */
export function sessionTimeErrors(
  event: { startsAt: Date; endsAt: Date },
  s: { startsAt: string | null; endsAt: string | null; isScheduled: boolean },
): FieldError[] {
  const errors: FieldError[] = [];
  const start = s.startsAt === null ? null : new Date(s.startsAt);
  const end = s.endsAt === null ? null : new Date(s.endsAt);
  if (start && !end) errors.push({ field: 'body.endsAt', message: 'is needed with startsAt', code: 'required' });
  if (end && !start) errors.push({ field: 'body.startsAt', message: 'is needed with endsAt', code: 'required' });
  if (start && start < event.startsAt) {
    errors.push({ field: 'body.startsAt', message: 'must not be before the event starts', code: 'outside_event' });
  }
  if (end && end > event.endsAt) {
    errors.push({ field: 'body.endsAt', message: 'must not be after the event ends', code: 'outside_event' });
  }
  if (start && end && end <= start) {
    errors.push({ field: 'body.endsAt', message: 'must be after startsAt', code: 'ends_before_start' });
  }
  if (s.isScheduled && !start) {
    errors.push({ field: 'body.isScheduled', message: 'needs startsAt and endsAt', code: 'unscheduled' });
  }
  return errors;
}
