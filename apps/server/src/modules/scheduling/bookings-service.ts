import { type Booking, ErrorCode } from '@foyer/contracts';
import { and, asc, eq, gt, inArray, isNull, lt, ne, sql } from 'drizzle-orm';
import type { Db, Executor, Tx } from '../../platform/db/database.ts';
import { retryTransientConflicts } from '../../platform/db/errors.ts';
import { AppError } from '../../platform/http/problem.ts';
import type { AuditActor, AuditService } from '../audit/index.ts';
import { type BookingRow, bookingDto } from './dto.ts';
import { recordChange } from './scheduling-changes.ts';
import { bookingConflict, invalidField, notFound, staleVersion, violates } from './scheduling-errors.ts';
import { bookings, NO_OVERLAP_CONSTRAINT, projects, resources } from './schema.ts';

export interface BookingInput {
  resourceId?: string | undefined;
  projectId?: string | null | undefined;
  startsAt?: string | Date | undefined;
  endsAt?: string | Date | undefined;
  label?: string | undefined;
  colour?: string | undefined;
  tentative?: boolean | undefined;
  notes?: string | undefined;
}
export type NewBooking = BookingInput & {
  id?: string | undefined;
  resourceId: string;
  startsAt: string | Date;
  endsAt: string | Date;
};

export interface BookingWindow {
  from: Date;
  to: Date;
  resourceIds?: string[] | undefined;
  projectId?: string | undefined;
}

/** A programme session as far as its reservations care. */
export interface ReservingSession {
  id: string;
  organizationId: string;
  title: string;
  startsAt: Date | null;
  endsAt: Date | null;
}

/**
 * Bookings on resources. The database refuses overlapping non-tentative
 * bookings of one resource (exclusion constraint); this service turns that
 * refusal into 409 BOOKING_CONFLICT naming the booking hit, checks the
 * rest (same organization, end after start, versions), and records an audit
 * entry and a domain event for every change. Deletes keep a tombstone.
 */
export class BookingsService {
  constructor(
    private readonly db: Db,
    private readonly audit: AuditService,
  ) {}

  async create(organizationId: string, body: NewBooking, by: AuditActor, executor?: Executor): Promise<Booking> {
    return this.inTx(executor, async (tx) => {
      await this.assertRefs(tx, organizationId, body);
      const startsAt = new Date(body.startsAt);
      const endsAt = new Date(body.endsAt);
      assertRange(startsAt, endsAt);
      if (body.id) {
        const [existing] = await tx
          .select({ deletedAt: bookings.deletedAt })
          .from(bookings)
          .where(eq(bookings.id, body.id));
        if (existing)
          throw new AppError(
            ErrorCode.CONFLICT,
            409,
            existing.deletedAt ? 'That booking was deleted.' : 'A booking with that id exists.',
          );
      }
      const row = await this.guarded(tx, { resourceId: body.resourceId, startsAt, endsAt, exceptId: null }, () =>
        tx
          .insert(bookings)
          .values({
            ...(body.id ? { id: body.id } : {}),
            organizationId,
            resourceId: body.resourceId,
            projectId: body.projectId ?? null,
            startsAt,
            endsAt,
            label: body.label ?? '',
            colour: body.colour ?? '#cccccc',
            tentative: body.tentative ?? false,
            notes: body.notes ?? '',
            sourceType: (body as { sourceType?: 'session' }).sourceType ?? null,
            sourceId: (body as { sourceId?: string }).sourceId ?? null,
            createdBy: by.type === 'user' ? by.id : null,
          })
          .returning(),
      );
      const item = bookingDto(row);
      await recordChange(tx, this.audit, by, {
        itemType: 'booking',
        change: 'created',
        organizationId,
        item,
        previous: null,
      });
      return item;
    });
  }

  /** Live bookings overlapping `[from, to)`, by start. */
  async list(organizationId: string, window: BookingWindow): Promise<Booking[]> {
    const rows = await this.db
      .select()
      .from(bookings)
      .where(
        and(
          eq(bookings.organizationId, organizationId),
          isNull(bookings.deletedAt),
          lt(bookings.startsAt, window.to),
          gt(bookings.endsAt, window.from),
          window.resourceIds ? inArray(bookings.resourceId, window.resourceIds) : undefined,
          window.projectId ? eq(bookings.projectId, window.projectId) : undefined,
        ),
      )
      .orderBy(asc(bookings.startsAt), asc(bookings.id));
    return rows.map(bookingDto);
  }

  async get(bookingId: string): Promise<Booking> {
    return bookingDto(await this.liveRow(this.db, bookingId));
  }

  /** The booking with that id in the organization, live or deleted (`deletedAt` set), or null. */
  async findWithTombstone(
    organizationId: string,
    bookingId: string,
  ): Promise<{ booking: Booking; deletedAt: Date | null } | null> {
    const [row] = await this.db
      .select()
      .from(bookings)
      .where(and(eq(bookings.id, bookingId), eq(bookings.organizationId, organizationId)));
    return row ? { booking: bookingDto(row), deletedAt: row.deletedAt } : null;
  }

  /**
   * Edits a booking. `expectedVersion` (from If-Match or the body) makes a
   * stale edit a 409 STALE_VERSION; a move onto booked time is a 409
   * BOOKING_CONFLICT. A session's booking moves only with its session.
   */
  async update(bookingId: string, patch: BookingInput, by: AuditActor, expectedVersion?: number): Promise<Booking> {
    return this.inTx(undefined, async (tx) => {
      const before = await this.liveRow(tx, bookingId, true);
      if (expectedVersion !== undefined && expectedVersion !== before.version)
        throw staleVersion('booking', before.version, expectedVersion);
      if (before.sourceType === 'session' && (patch.startsAt || patch.endsAt || patch.resourceId))
        throw invalidField(
          'startsAt',
          'follows its session: move or re-assign the session instead',
          'managed_by_session',
        );
      return this.apply(tx, before, patch, by);
    });
  }

  /** Deletes a booking, keeping its tombstone (so live clients are told and its id is never reused). */
  async delete(bookingId: string, by: AuditActor, expectedVersion?: number): Promise<void> {
    await this.inTx(undefined, async (tx) => {
      const before = await this.liveRow(tx, bookingId, true);
      if (expectedVersion !== undefined && expectedVersion !== before.version)
        throw staleVersion('booking', before.version, expectedVersion);
      if (before.sourceType === 'session')
        throw invalidField(
          'bookingId',
          'belongs to a session: release it from the session instead',
          'managed_by_session',
        );
      await this.tombstone(tx, before, by);
    });
  }

  /**
   * Creates or replaces the booking with a client-chosen id (the Colander
   * put): the whole item, last write wins unless `expectedVersion` is
   * given. A deleted id is refused (410-like CONFLICT), another
   * organization's id is "not found".
   */
  async put(organizationId: string, body: NewBooking & { id: string }, by: AuditActor): Promise<Booking> {
    return this.inTx(undefined, async (tx) => {
      const [existing] = await tx.select().from(bookings).where(eq(bookings.id, body.id)).for('update');
      if (!existing) return this.create(organizationId, body, by, tx);
      if (existing.organizationId !== organizationId) throw notFound('booking');
      if (existing.deletedAt) throw new AppError(ErrorCode.CONFLICT, 409, 'That booking was deleted.');
      if (existing.sourceType === 'session') throw invalidField('id', 'belongs to a session', 'managed_by_session');
      const { id: _id, ...patch } = body;
      return this.apply(tx, existing, patch, by);
    });
  }

  async organizationOf(bookingId: string): Promise<string | null> {
    const [row] = await this.db
      .select({ organizationId: bookings.organizationId })
      .from(bookings)
      .where(and(eq(bookings.id, bookingId), isNull(bookings.deletedAt)));
    return row?.organizationId ?? null;
  }

  // ── Programme sessions ────────────────────────────────────────────────

  /** The resources a session reserves (live bookings with the session as source). */
  async sessionBookings(executor: Executor, sessionId: string): Promise<Booking[]> {
    const rows = await executor
      .select()
      .from(bookings)
      .where(and(eq(bookings.sourceType, 'session'), eq(bookings.sourceId, sessionId), isNull(bookings.deletedAt)))
      .orderBy(asc(bookings.createdAt));
    return rows.map(bookingDto);
  }

  /**
   * Makes `session` reserve exactly `resourceIds` over its time: books the
   * new ones, releases the others. A scheduled session is needed; a
   * conflict refuses the whole change (409 naming the booking hit).
   */
  async reserveForSession(
    executor: Tx | undefined,
    session: ReservingSession,
    resourceIds: string[],
    by: AuditActor,
  ): Promise<Booking[]> {
    return this.inTx(executor, async (tx) => {
      const current = await this.sessionBookings(tx, session.id);
      if (resourceIds.length > 0 && (!session.startsAt || !session.endsAt))
        throw invalidField('resourceIds', 'need a scheduled session (with a start and an end)', 'session_unscheduled');
      for (const b of current.filter((b) => !resourceIds.includes(b.resourceId))) {
        await this.tombstone(tx, await this.liveRow(tx, b.id, true), by);
      }
      for (const resourceId of resourceIds.filter((id) => !current.some((b) => b.resourceId === id))) {
        await this.create(
          session.organizationId,
          {
            resourceId,
            startsAt: session.startsAt!,
            endsAt: session.endsAt!,
            label: session.title,
            sourceType: 'session',
            sourceId: session.id,
          } as NewBooking,
          by,
          tx,
        );
      }
      return this.sessionBookings(tx, session.id);
    });
  }

  /**
   * Follows a session that moved, was renamed or lost its times: its
   * bookings move with it (a conflict refuses the session's change), or go
   * when it is no longer scheduled. Runs in the session's transaction.
   */
  async sessionChanged(tx: Tx, session: ReservingSession, by: AuditActor): Promise<void> {
    const current = await this.sessionBookings(tx, session.id);
    for (const b of current) {
      const row = await this.liveRow(tx, b.id, true);
      if (!session.startsAt || !session.endsAt) {
        await this.tombstone(tx, row, by);
        continue;
      }
      if (
        row.startsAt.getTime() === session.startsAt.getTime() &&
        row.endsAt.getTime() === session.endsAt.getTime() &&
        row.label === session.title
      )
        continue;
      await this.apply(tx, row, { startsAt: session.startsAt, endsAt: session.endsAt, label: session.title }, by);
    }
  }

  /** Releases everything a deleted session reserved. Runs in the session's transaction. */
  async sessionDeleted(tx: Tx, sessionId: string, by: AuditActor): Promise<void> {
    for (const b of await this.sessionBookings(tx, sessionId))
      await this.tombstone(tx, await this.liveRow(tx, b.id, true), by);
  }

  // ── internals ─────────────────────────────────────────────────────────

  private async apply(tx: Tx, before: BookingRow, patch: BookingInput, by: AuditActor): Promise<Booking> {
    await this.assertRefs(tx, before.organizationId, patch);
    const startsAt = patch.startsAt !== undefined ? new Date(patch.startsAt) : before.startsAt;
    const endsAt = patch.endsAt !== undefined ? new Date(patch.endsAt) : before.endsAt;
    assertRange(startsAt, endsAt);
    const resourceId = patch.resourceId ?? before.resourceId;
    const row = await this.guarded(tx, { resourceId, startsAt, endsAt, exceptId: before.id }, () =>
      tx
        .update(bookings)
        .set({
          resourceId,
          startsAt,
          endsAt,
          ...(patch.projectId !== undefined ? { projectId: patch.projectId } : {}),
          ...(patch.label !== undefined ? { label: patch.label } : {}),
          ...(patch.colour !== undefined ? { colour: patch.colour } : {}),
          ...(patch.tentative !== undefined ? { tentative: patch.tentative } : {}),
          ...(patch.notes !== undefined ? { notes: patch.notes } : {}),
          version: sql`${bookings.version} + 1`,
          updatedAt: new Date(),
        })
        .where(eq(bookings.id, before.id))
        .returning(),
    );
    const item = bookingDto(row);
    await recordChange(tx, this.audit, by, {
      itemType: 'booking',
      change: 'changed',
      organizationId: before.organizationId,
      item,
      previous: bookingDto(before),
      metadata: { fields: Object.keys(patch) },
    });
    return item;
  }

  private async tombstone(tx: Tx, before: BookingRow, by: AuditActor): Promise<void> {
    const now = new Date();
    const [row] = await tx
      .update(bookings)
      .set({ deletedAt: now, updatedAt: now, version: sql`${bookings.version} + 1` })
      .where(eq(bookings.id, before.id))
      .returning();
    await recordChange(tx, this.audit, by, {
      itemType: 'booking',
      change: 'deleted',
      organizationId: before.organizationId,
      item: bookingDto(row!),
      previous: bookingDto(before),
    });
  }

  /**
   * Runs one write in a savepoint; when the exclusion constraint refuses
   * it, rolls back to the savepoint, finds the booking it ran into and
   * answers 409 BOOKING_CONFLICT. The database decides; this only explains.
   */
  private async guarded(
    tx: Tx,
    slot: { resourceId: string; startsAt: Date; endsAt: Date; exceptId: string | null },
    write: () => Promise<BookingRow[]>,
  ): Promise<BookingRow> {
    try {
      const [row] = await tx.transaction(async () => write());
      return row!;
    } catch (err) {
      if (!violates(err, '23P01', NO_OVERLAP_CONSTRAINT)) throw err;
      const [hit] = await tx
        .select({ id: bookings.id, label: bookings.label, startsAt: bookings.startsAt, endsAt: bookings.endsAt })
        .from(bookings)
        .where(
          and(
            eq(bookings.resourceId, slot.resourceId),
            eq(bookings.tentative, false),
            isNull(bookings.deletedAt),
            lt(bookings.startsAt, slot.endsAt),
            gt(bookings.endsAt, slot.startsAt),
            slot.exceptId ? ne(bookings.id, slot.exceptId) : undefined,
          ),
        )
        .limit(1);
      throw bookingConflict(hit ?? null);
    }
  }

  private async assertRefs(tx: Executor, organizationId: string, body: BookingInput): Promise<void> {
    if (body.resourceId) {
      const [r] = await tx
        .select({ active: resources.active })
        .from(resources)
        .where(and(eq(resources.id, body.resourceId), eq(resources.organizationId, organizationId)));
      if (!r) throw invalidField('resourceId', 'must name a resource of this organization', 'unknown_resource');
      if (!r.active) throw invalidField('resourceId', 'names a resource that is not active', 'inactive_resource');
    }
    if (body.projectId) {
      const [p] = await tx
        .select({ id: projects.id })
        .from(projects)
        .where(and(eq(projects.id, body.projectId), eq(projects.organizationId, organizationId)));
      if (!p) throw invalidField('projectId', 'must name a project of this organization', 'unknown_project');
    }
  }

  private async liveRow(executor: Executor, bookingId: string, lock = false): Promise<BookingRow> {
    const query = executor
      .select()
      .from(bookings)
      .where(and(eq(bookings.id, bookingId), isNull(bookings.deletedAt)));
    const [row] = lock ? await query.for('update') : await query;
    if (!row) throw notFound('booking');
    return row;
  }

  /**
   * Runs `fn` in the caller's transaction when given (nested writes use
   * savepoints), else in a new one. Two inserts that overlap can deadlock on
   * the exclusion constraint's index (PostgreSQL then aborts one); run that
   * one again, and it meets the winner's committed row as a plain conflict.
   */
  private inTx<T>(executor: Executor | undefined, fn: (tx: Tx) => Promise<T>): Promise<T> {
    if (executor && executor !== this.db) return fn(executor as Tx);
    return retryTransientConflicts(() => this.db.transaction(fn));
  }
}

function assertRange(startsAt: Date, endsAt: Date): void {
  if (Number.isNaN(startsAt.getTime()) || Number.isNaN(endsAt.getTime()))
    throw invalidField('startsAt', 'must be an instant', 'invalid_date');
  if (endsAt.getTime() <= startsAt.getTime())
    throw invalidField('endsAt', 'must be after startsAt', 'end_before_start');
}
