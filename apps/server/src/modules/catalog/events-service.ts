import { EVENT_TRANSITIONS, type Event, type EventDetail, type EventStatus } from '@foyer/contracts';
import { and, asc, eq, inArray, or, sql } from 'drizzle-orm';
import { z } from 'zod';
import type { UserActor } from '../../platform/auth/actor.ts';
import type { Db, Executor, Tx } from '../../platform/db/database.ts';
import { isUniqueViolation } from '../../platform/db/errors.ts';
import {
  cursorInstant,
  cursorUuid,
  decodeCursor as decodeCursorParts,
  encodeCursor as encodeCursorParts,
} from '../../platform/http/cursor.ts';
import { AppError } from '../../platform/http/problem.ts';
import { isUuid } from '../../platform/ids.ts';
import type { AuditActor, AuditService } from '../audit/index.ts';
import { organizations } from '../organizations/index.ts';
import { EventAccessCache } from './event-access-cache.ts';
import { isPublicByLink, RESERVED_EVENT_SLUGS } from './public-visibility.ts';
import { eventOrganizers, eventStatusHistory, events, eventTags, links, people, sessions, tags } from './schema.ts';

type EventRow = typeof events.$inferSelect;
export type EventInput = Omit<Event, 'id' | 'organizationId' | 'status' | 'createdAt' | 'updatedAt'>;

/**
 * Events: creating, editing and deleting them, and moving them through
 * their status machine with a recorded history. Whoever creates an event
 * runs it (lead organizer).
 */
export class EventsService {
  /** Access facts of events for callers without a user (see EventAccessCache); the API process enables it. */
  readonly accessCache = new EventAccessCache();

  constructor(
    private readonly db: Db,
    private readonly audit: AuditService,
  ) {}

  async create(
    organizationId: string,
    body: Partial<EventInput> &
      Pick<EventInput, 'name' | 'slug' | 'kind' | 'format' | 'timezone' | 'startsAt' | 'endsAt'>,
    by: AuditActor,
    creator: UserActor | null,
  ): Promise<Event> {
    assertDates(body.startsAt, body.endsAt);
    assertSlugAllowed(body.slug);
    return this.db.transaction(async (tx) => {
      const [row] = await tx
        .insert(events)
        .values({
          ...(toColumns(body) as Omit<typeof events.$inferInsert, 'organizationId'>),
          organizationId,
          status: 'draft',
        })
        .returning()
        .catch((err: unknown) => {
          throw isUniqueViolation(err) ? slugTaken(body.slug) : err;
        });
      await tx.insert(eventStatusHistory).values({
        eventId: row!.id,
        organizationId,
        fromStatus: null,
        toStatus: 'draft',
        actorId: creator?.userId ?? null,
      });
      if (creator) {
        await tx
          .insert(eventOrganizers)
          .values({ eventId: row!.id, organizationId, userId: creator.userId, role: 'lead', status: 'active' });
      }
      await this.audit.recordChange(tx, {
        actor: by,
        organizationId,
        action: 'event.created',
        subject: { type: 'event', id: row!.id },
        metadata: { slug: row!.slug },
        event: { payload: { eventId: row!.id } },
      });
      return toDto(row!);
    });
  }

  async get(eventId: string, executor: Executor = this.db): Promise<Event> {
    return toDto(await this.row(executor, eventId));
  }

  /** The event with its tags and links (organiser view). */
  async detail(eventId: string): Promise<EventDetail> {
    const event = await this.get(eventId);
    const tagRows = await this.db
      .select({ t: tags })
      .from(eventTags)
      .innerJoin(tags, eq(tags.id, eventTags.tagId))
      .where(eq(eventTags.eventId, eventId))
      .orderBy(asc(tags.nameKey));
    const linkRows = await this.db
      .select()
      .from(links)
      .where(and(eq(links.ownerType, 'event'), eq(links.ownerId, eventId)))
      .orderBy(asc(links.sortOrder), asc(links.id));
    return {
      ...event,
      tags: tagRows.map(({ t }) => ({
        id: t.id,
        organizationId: t.organizationId,
        name: t.name,
        createdAt: t.createdAt.toISOString(),
      })),
      links: linkRows.map((l) => ({ id: l.id, url: l.url, service: l.service })),
    };
  }

  /** Every event of an organization, soonest first, with a cursor. */
  async listForOrg(
    organizationId: string,
    query: { status?: EventStatus | undefined; cursor?: string | undefined; limit: number },
  ) {
    const after = query.cursor ? decodeCursor(query.cursor) : null;
    const rows = await this.db
      .select()
      .from(events)
      .where(
        and(
          eq(events.organizationId, organizationId),
          query.status ? eq(events.status, query.status) : undefined,
          after ? sql`(${events.startsAt}, ${events.id}) > (${after.startsAt}, ${after.id})` : undefined,
        ),
      )
      .orderBy(asc(events.startsAt), asc(events.id))
      .limit(query.limit + 1);
    const items = rows.slice(0, query.limit);
    const last = items.at(-1);
    return { items: items.map(toDto), nextCursor: rows.length > query.limit && last ? encodeCursor(last) : null };
  }

  async update(eventId: string, patch: Partial<EventInput>, by: AuditActor): Promise<Event> {
    return this.db.transaction(async (tx) => {
      const before = await this.row(tx, eventId, true);
      if (patch.slug !== undefined) assertSlugAllowed(patch.slug);
      const startsAt = patch.startsAt ?? before.startsAt.toISOString();
      const endsAt = patch.endsAt ?? before.endsAt.toISOString();
      assertDates(startsAt, endsAt);
      if (patch.startsAt !== undefined || patch.endsAt !== undefined) {
        await assertSessionsInside(tx, eventId, new Date(startsAt), new Date(endsAt));
      }
      const [row] = await tx
        .update(events)
        .set({ ...toColumns(patch), updatedAt: new Date() })
        .where(eq(events.id, eventId))
        .returning()
        .catch((err: unknown) => {
          throw isUniqueViolation(err) ? slugTaken(patch.slug ?? '') : err;
        });
      await this.audit.recordChange(tx, {
        actor: by,
        organizationId: before.organizationId,
        action: 'event.updated',
        subject: { type: 'event', id: eventId },
        metadata: { fields: Object.keys(patch) },
        event: { payload: { eventId } },
      });
      return toDto(row!);
    });
  }

  /** Moves an event along its status machine; an illegal step is a 409 and changes nothing. */
  async changeStatus(eventId: string, to: EventStatus, reason: string | undefined, by: AuditActor): Promise<Event> {
    return this.db.transaction(async (tx) => {
      // Locked: two concurrent changes must not both start from the same status.
      const current = await this.row(tx, eventId, true);
      if (!EVENT_TRANSITIONS[current.status].includes(to)) {
        throw new AppError('ILLEGAL_TRANSITION', 409, `An event cannot go from ${current.status} to ${to}.`);
      }
      const [row] = await tx
        .update(events)
        .set({ status: to, updatedAt: new Date() })
        .where(eq(events.id, eventId))
        .returning();
      await tx.insert(eventStatusHistory).values({
        eventId,
        organizationId: current.organizationId,
        fromStatus: current.status,
        toStatus: to,
        reason: reason ?? null,
        actorId: by.id,
      });
      await this.audit.recordChange(tx, {
        actor: by,
        organizationId: current.organizationId,
        action: 'event.status_changed',
        subject: { type: 'event', id: eventId },
        metadata: { from: current.status, to, reason: reason ?? null },
        event: { type: `event.${to}`, payload: { eventId, from: current.status } },
      });
      return toDto(row!);
    });
  }

  async statusHistory(eventId: string) {
    const rows = await this.db
      .select()
      .from(eventStatusHistory)
      .where(eq(eventStatusHistory.eventId, eventId))
      .orderBy(asc(eventStatusHistory.id));
    return rows.map((r) => ({
      id: String(r.id),
      from: r.fromStatus,
      to: r.toStatus,
      reason: r.reason,
      actorId: r.actorId,
      at: r.createdAt.toISOString(),
    }));
  }

  /** Deletes the event and everything that belongs only to it. */
  async delete(eventId: string, by: AuditActor): Promise<void> {
    await this.db.transaction(async (tx) => this.deleteWithin(tx, eventId, by));
  }

  /** `delete`, inside the caller's transaction (answers the deleted row). */
  async deleteWithin(tx: Tx, eventId: string, by: AuditActor): Promise<EventRow> {
    const current = await this.row(tx, eventId, true);
    // Links point at their owner without a foreign key: remove the event's and its people's.
    const personIds = (await tx.select({ id: people.id }).from(people).where(eq(people.eventId, eventId))).map(
      (p) => p.id,
    );
    await tx
      .delete(links)
      .where(
        or(
          and(eq(links.ownerType, 'event'), eq(links.ownerId, eventId)),
          personIds.length > 0 ? and(eq(links.ownerType, 'person'), inArray(links.ownerId, personIds)) : undefined,
        ),
      );
    await tx.delete(events).where(eq(events.id, eventId));
    await this.audit.recordChange(tx, {
      actor: by,
      organizationId: current.organizationId,
      action: 'event.deleted',
      subject: { type: 'event', id: eventId },
      metadata: { slug: current.slug },
      event: { payload: { eventId } },
    });
    return current;
  }

  /** The event's organization and whether `userId` runs it (for the access gate). */
  async accessContext(
    eventId: string,
    userId: string | null,
  ): Promise<{ organizationId: string; actorRunsEvent: boolean; eventIsPublic: boolean; version: number } | null> {
    if (!userId) {
      const access = await this.accessCache.get(eventId, async () => {
        const found = await this.accessContextFromDb(eventId, null);
        return (
          found && { organizationId: found.organizationId, eventIsPublic: found.eventIsPublic, version: found.version }
        );
      });
      return access && { ...access, actorRunsEvent: false };
    }
    return this.accessContextFromDb(eventId, userId);
  }

  private async accessContextFromDb(eventId: string, userId: string | null) {
    const [row] = await this.db
      .select({
        organizationId: events.organizationId,
        organizerStatus: eventOrganizers.status,
        status: events.status,
        visibility: events.visibility,
        revision: events.revision,
      })
      .from(events)
      .leftJoin(
        eventOrganizers,
        and(eq(eventOrganizers.eventId, events.id), userId ? eq(eventOrganizers.userId, userId) : sql`false`),
      )
      .where(eq(events.id, eventId));
    return row
      ? {
          organizationId: row.organizationId,
          actorRunsEvent: row.organizerStatus === 'active',
          eventIsPublic: isPublicByLink(row.status, row.visibility),
          version: row.revision,
        }
      : null;
  }

  /**
   * The id of the event a path names: its id, or `orgSlug/eventSlug`.
   * Undefined when it names none (the access gate then answers 404).
   */
  async resolveRef(ref: string): Promise<string | null> {
    if (isUuid(ref)) return ref;
    const [orgSlug, eventSlug, ...rest] = ref.split('/');
    if (!orgSlug || !eventSlug || rest.length > 0) return null;
    const [row] = await this.db
      .select({ id: events.id })
      .from(events)
      .innerJoin(organizations, eq(organizations.id, events.organizationId))
      .where(and(eq(organizations.slug, orgSlug), eq(events.slug, eventSlug)));
    return row?.id ?? null;
  }

  private async row(executor: Executor, eventId: string, lock = false): Promise<EventRow> {
    const query = executor.select().from(events).where(eq(events.id, eventId));
    const [row] = lock ? await query.for('update') : await query;
    if (!row) throw new AppError('NOT_FOUND', 404, 'No such event.');
    return row;
  }
}

function toColumns(body: Partial<EventInput>) {
  const { startsAt, endsAt, ...rest } = body;
  return {
    ...rest,
    ...(startsAt !== undefined ? { startsAt: new Date(startsAt) } : {}),
    ...(endsAt !== undefined ? { endsAt: new Date(endsAt) } : {}),
  };
}

export function toDto(row: Omit<EventRow, 'searchDocument'>): Event {
  return {
    id: row.id,
    organizationId: row.organizationId,
    name: row.name,
    slug: row.slug,
    kind: row.kind,
    format: row.format,
    timezone: row.timezone,
    startsAt: row.startsAt.toISOString(),
    endsAt: row.endsAt.toISOString(),
    summary: row.summary,
    description: row.description,
    priceText: row.priceText,
    coverImage: row.coverImage,
    visibility: row.visibility,
    capacity: row.capacity,
    registration: row.registration as Event['registration'],
    cpd: row.cpd as Event['cpd'],
    status: row.status,
    createdAt: row.createdAt.toISOString(),
    updatedAt: row.updatedAt.toISOString(),
  };
}

function assertDates(startsAt: string, endsAt: string): void {
  if (new Date(endsAt).getTime() <= new Date(startsAt).getTime()) {
    throw new AppError('VALIDATION_FAILED', 422, 'The event must end after it starts.', [
      { field: 'body.endsAt', message: 'must be after startsAt', code: 'ends_before_start' },
    ]);
  }
}

/** An event slug must not read as a sub-route in `/events/{orgSlug}/{eventSlug}` paths. */
export function assertSlugAllowed(slug: string): void {
  if (RESERVED_EVENT_SLUGS.includes(slug.toLowerCase())) {
    throw new AppError('SLUG_RESERVED', 422, `"${slug}" is reserved for the API and cannot be an event slug.`, [
      { field: 'body.slug', message: 'is reserved', code: 'slug_reserved' },
    ]);
  }
}

/**
 * New dates must not leave sessions outside the event: the change is refused,
 * listing those sessions, so the organiser moves them first (nothing is
 * moved or unscheduled silently).
 */
async function assertSessionsInside(executor: Executor, eventId: string, startsAt: Date, endsAt: Date) {
  const outside = await executor
    .select({ id: sessions.id, title: sessions.title })
    .from(sessions)
    .where(
      and(
        eq(sessions.eventId, eventId),
        or(sql`${sessions.startsAt} < ${startsAt.toISOString()}`, sql`${sessions.endsAt} > ${endsAt.toISOString()}`),
      ),
    )
    .orderBy(asc(sessions.startsAt), asc(sessions.id))
    .limit(50);
  if (outside.length > 0) {
    throw new AppError(
      'SESSIONS_OUTSIDE_EVENT',
      409,
      `${outside.length === 50 ? 'At least 50' : outside.length} session(s) would lie outside the event’s new dates; move them first.`,
      outside.map((s) => ({ field: `sessions.${s.id}`, message: s.title, code: 'outside_event' })),
    );
  }
}

function slugTaken(slug: string): AppError {
  return new AppError('SLUG_TAKEN', 409, `This organization already has an event at "${slug}".`, [
    { field: 'body.slug', message: 'is already taken', code: 'slug_taken' },
  ]);
}

function encodeCursor(row: EventRow): string {
  return encodeCursorParts([row.startsAt.toISOString(), row.id]);
}

function decodeCursor(cursor: string): { startsAt: string; id: string } {
  const [startsAt, id] = decodeCursorParts(cursor, z.tuple([cursorInstant, cursorUuid]));
  return { startsAt, id };
}
