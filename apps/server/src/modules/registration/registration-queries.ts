import type { MyRegistration, Registration, RegistrationStatus, RegistrationSummary } from '@foyer/contracts';
import { and, asc, count, desc, eq, isNull, type SQL, sql } from 'drizzle-orm';
import { z } from 'zod';
import type { Db } from '../../platform/db/database.ts';
import {
  cursorInstant,
  cursorUuid,
  decodeCursor as decodeCursorParts,
  encodeCursor as encodeCursorParts,
} from '../../platform/http/cursor.ts';
import { AppError } from '../../platform/http/problem.ts';
import { events } from '../catalog/index.ts';
import { csvRow } from './csv.ts';
import { eventRow } from './event-access.ts';
import type { QuestionsService } from './questions-service.ts';
import type { RegistrationCipher, RegistrationRow } from './registration-store.ts';
import { checkIns, registrations } from './schema.ts';

const BATCH = 500;
const EMAIL = /^[^\s@]+@[^\s@]+$/;

export interface ListQuery {
  status?: RegistrationStatus | undefined;
  q?: string | undefined;
  cursor?: string | undefined;
  limit: number;
}

/**
 * Reading registrations: the organiser's list, summary and CSV export, and
 * the attendee's own. Names and emails are encrypted, so a search is
 * either an exact address (its blind index) or decrypts the event's
 * registrations batch by batch and matches in memory.
 */
export class RegistrationQueries {
  constructor(
    private readonly db: Db,
    private readonly store: RegistrationCipher,
    private readonly questions: QuestionsService,
  ) {}

  /** Oldest first, with a cursor. */
  async list(eventId: string, query: ListQuery): Promise<{ items: Registration[]; nextCursor: string | null }> {
    const conditions: SQL[] = [eq(registrations.eventId, eventId)];
    if (query.status) conditions.push(eq(registrations.status, query.status));
    const q = query.q?.trim();
    // A complete address that is registered is found through its blind index; anything else
    // (a name, part of an address, a typo'd address) by decrypting and matching.
    const exactEmail = q && EMAIL.test(q) && (await this.hasEmail(eventId, q));
    if (exactEmail) conditions.push(eq(registrations.emailHash, this.store.emailIndex(q)));
    let after = query.cursor ? decodeCursor(query.cursor) : null;
    const matches: RegistrationRow[] = [];
    const needle = !exactEmail && q ? q.toLowerCase() : null;
    for (;;) {
      const rows = await this.db
        .select()
        .from(registrations)
        .where(
          and(
            ...conditions,
            after
              ? sql`(${registrations.createdAt}, ${registrations.id}) > (${after.createdAt}, ${after.id})`
              : undefined,
          ),
        )
        .orderBy(asc(registrations.createdAt), asc(registrations.id))
        .limit(needle ? BATCH : query.limit + 1);
      for (const row of rows) {
        if (!needle || this.matches(row, needle)) matches.push(row);
        if (matches.length > query.limit) break;
      }
      if (!needle || matches.length > query.limit || rows.length < BATCH) break;
      const last = rows.at(-1)!;
      after = { createdAt: last.createdAt.toISOString(), id: last.id };
    }
    const items = matches.slice(0, query.limit);
    const last = items.at(-1);
    return {
      items: items.map((r) => this.store.toDto(r)),
      nextCursor: matches.length > query.limit && last ? encodeCursor(last) : null,
    };
  }

  async summary(eventId: string): Promise<RegistrationSummary> {
    const event = await eventRow(this.db, eventId);
    const rows = await this.db
      .select({ status: registrations.status, n: count() })
      .from(registrations)
      .where(eq(registrations.eventId, eventId))
      .groupBy(registrations.status);
    const counts = { pending: 0, confirmed: 0, waitlisted: 0, cancelled: 0, declined: 0 };
    for (const r of rows) counts[r.status] = Number(r.n);
    const [door] = await this.db
      .select({ n: count() })
      .from(checkIns)
      .where(and(eq(checkIns.eventId, eventId), isNull(checkIns.sessionId)));
    return {
      eventId,
      counts,
      capacity: event.capacity,
      remaining: event.capacity === null ? null : Math.max(0, event.capacity - counts.confirmed),
      checkedIn: Number(door?.n ?? 0),
    };
  }

  /** Every registration as CSV: one column per question (current questions), injection-safe cells. */
  async *csv(eventId: string): AsyncGenerator<string> {
    const questions = await this.questions.list(eventId);
    yield csvRow([
      'id',
      'status',
      'waitlist_position',
      'name',
      'email',
      'ticket_code',
      'registered_at',
      'confirmed_at',
      'cancelled_at',
      'account_linked',
      'acknowledged_requirements',
      ...questions.map((q) => q.label),
    ]);
    let after: { createdAt: string; id: string } | null = null;
    for (;;) {
      const rows: RegistrationRow[] = await this.db
        .select()
        .from(registrations)
        .where(
          and(
            eq(registrations.eventId, eventId),
            after
              ? sql`(${registrations.createdAt}, ${registrations.id}) > (${after.createdAt}, ${after.id})`
              : undefined,
          ),
        )
        .orderBy(asc(registrations.createdAt), asc(registrations.id))
        .limit(BATCH);
      for (const row of rows) {
        const r = this.store.toDto(row);
        yield csvRow([
          r.id,
          r.status,
          r.position,
          r.name,
          r.email,
          r.ticketCode,
          r.createdAt,
          r.confirmedAt,
          r.cancelledAt,
          r.userId ? 'yes' : 'no',
          r.acknowledgedRequirements.join('; '),
          ...questions.map((q) => {
            const a = r.answers[q.id];
            return Array.isArray(a) ? a.join('; ') : typeof a === 'boolean' ? (a ? 'yes' : 'no') : a;
          }),
        ]);
      }
      if (rows.length < BATCH) return;
      const last = rows.at(-1)!;
      after = { createdAt: last.createdAt.toISOString(), id: last.id };
    }
  }

  /** The user's registrations with their events, newest first. */
  async mine(userId: string): Promise<MyRegistration[]> {
    const rows = await this.db
      .select({ r: registrations, e: events })
      .from(registrations)
      .innerJoin(events, eq(events.id, registrations.eventId))
      .where(eq(registrations.userId, userId))
      .orderBy(desc(registrations.createdAt), desc(registrations.id));
    return rows.map((row) => this.withEvent(row));
  }

  private withEvent({ r, e }: { r: RegistrationRow; e: typeof events.$inferSelect }): MyRegistration {
    return {
      ...this.store.toDto(r),
      event: {
        id: e.id,
        name: e.name,
        slug: e.slug,
        startsAt: e.startsAt.toISOString(),
        endsAt: e.endsAt.toISOString(),
        timezone: e.timezone,
        status: e.status,
      },
    };
  }

  /**
   * A registration by its own link (`linkToken`), for guests without an
   * account: the same view as `mineOne`. A wrong token answers 404, as an
   * unknown registration does.
   */
  async byLink(registrationId: string, token: string): Promise<MyRegistration> {
    const [row] = await this.db
      .select({ r: registrations, e: events })
      .from(registrations)
      .innerJoin(events, eq(events.id, registrations.eventId))
      .where(eq(registrations.id, registrationId));
    if (!row || !this.store.isLinkToken(row.r, token)) throw new AppError('NOT_FOUND', 404, 'No such registration.');
    return this.withEvent(row);
  }

  /** One of the user's registrations (their ticket); 404 when it is not theirs. */
  async mineOne(userId: string, registrationId: string): Promise<MyRegistration> {
    const found = (await this.mine(userId)).find((r) => r.id === registrationId);
    if (!found) throw new AppError('NOT_FOUND', 404, 'No such registration.');
    return found;
  }

  private async hasEmail(eventId: string, email: string): Promise<boolean> {
    const [row] = await this.db
      .select({ id: registrations.id })
      .from(registrations)
      .where(and(eq(registrations.eventId, eventId), eq(registrations.emailHash, this.store.emailIndex(email))))
      .limit(1);
    return Boolean(row);
  }

  private matches(row: RegistrationRow, needle: string): boolean {
    return this.store.name(row).toLowerCase().includes(needle) || this.store.email(row).toLowerCase().includes(needle);
  }
}

export function encodeCursor(row: RegistrationRow): string {
  return encodeCursorParts([row.createdAt.toISOString(), row.id]);
}

export function decodeCursor(cursor: string): { createdAt: string; id: string } {
  const [createdAt, id] = decodeCursorParts(cursor, z.tuple([cursorInstant, cursorUuid]));
  return { createdAt, id };
}
