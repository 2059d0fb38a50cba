import { randomUUID } from 'node:crypto';
import type { AttendanceEntry, AttendanceRule, AttendanceSummary } from '@foyer/contracts';
import { and, asc, eq, gt, inArray, or, sql } from 'drizzle-orm';
import type { Db, Executor } from '../../platform/db/database.ts';
import { AppError } from '../../platform/http/problem.ts';
import type { AuditActor, AuditService } from '../audit/index.ts';
import { sessions } from '../catalog/index.ts';
import { evaluate, ruleOf, type SessionFacts } from './attendance-rules.ts';
import { type EventRow, eventRow } from './event-access.ts';
import { decodeCursor, encodeCursor } from './registration-queries.ts';
import type { RegistrationCipher, RegistrationRow } from './registration-store.ts';
import {
  type AttendanceSource,
  attendanceEntries,
  attendanceOverrides,
  type checkIns,
  registrations,
} from './schema.ts';

type EntryRow = typeof attendanceEntries.$inferSelect;
type OverrideRow = typeof attendanceOverrides.$inferSelect;
type CheckInRow = typeof checkIns.$inferSelect;

export interface RecordInput {
  registrationId: string;
  sessionId?: string | undefined;
  source: Exclude<AttendanceSource, 'checkin'>;
  sourceRef?: string | undefined;
  startedAt?: string | undefined;
  endedAt?: string | undefined;
  note?: string | undefined;
}

export interface OverrideInput {
  attended?: boolean | null | undefined;
  eligible?: boolean | null | undefined;
  reason: string;
}

interface EventFacts {
  event: EventRow;
  rule: AttendanceRule;
  sessions: SessionFacts[];
}

/**
 * The attendance ledger and what follows from it. Every source writes
 * entries (`source`, `source_ref` unique, so ingesting twice changes
 * nothing); a registration's total minutes, sessions, attended and
 * eligible are computed from its entries by the event's rule, and an
 * organiser may override the result with a reason (audited).
 */
export class AttendanceService {
  constructor(
    private readonly db: Db,
    private readonly audit: AuditService,
    private readonly store: RegistrationCipher,
  ) {}

  /**
   * The ledger entry of a check-in, in the check-in's transaction: at the
   * door it counts as being there for the whole event (there is no
   * check-out), at a session for the session's scheduled time.
   */
  async recordCheckIn(tx: Executor, checkIn: CheckInRow): Promise<void> {
    const event = await eventRow(tx, checkIn.eventId);
    let window = { start: event.startsAt, end: event.endsAt };
    if (checkIn.sessionId) {
      const [session] = await tx.select().from(sessions).where(eq(sessions.id, checkIn.sessionId));
      window =
        session?.startsAt && session.endsAt
          ? { start: session.startsAt, end: session.endsAt }
          : { start: checkIn.checkedInAt, end: checkIn.checkedInAt };
    }
    await tx
      .insert(attendanceEntries)
      .values({
        eventId: checkIn.eventId,
        organizationId: checkIn.organizationId,
        registrationId: checkIn.registrationId,
        sessionId: checkIn.sessionId,
        source: 'checkin',
        sourceRef: checkIn.id,
        startedAt: window.start,
        endedAt: window.end,
        minutes: minutesBetween(window.start, window.end),
        recordedBy: checkIn.checkedInBy,
      })
      .onConflictDoNothing();
  }

  /** Takes a check-in's entry out of the ledger when the check-in is undone. */
  async removeCheckIn(tx: Executor, checkInId: string): Promise<void> {
    await tx
      .delete(attendanceEntries)
      .where(and(eq(attendanceEntries.source, 'checkin'), eq(attendanceEntries.sourceRef, checkInId)));
  }

  /**
   * Records an entry by hand or from another system. The same source and
   * reference again answers the existing entry (`created: false`).
   */
  async record(
    eventId: string,
    input: RecordInput,
    by: AuditActor,
  ): Promise<{ entry: AttendanceEntry; created: boolean }> {
    return this.db.transaction(async (tx) => {
      const [registration] = await tx
        .select()
        .from(registrations)
        .where(and(eq(registrations.id, input.registrationId), eq(registrations.eventId, eventId)));
      if (!registration) {
        throw invalid('body.registrationId', 'is not a registration of this event', 'unknown_registration');
      }
      if (registration.status !== 'confirmed') {
        throw new AppError('TICKET_NOT_VALID', 409, `This registration is ${registration.status}.`);
      }
      const event = await eventRow(tx, eventId);
      let window = { start: event.startsAt, end: event.endsAt };
      if (input.sessionId) {
        const [session] = await tx
          .select()
          .from(sessions)
          .where(and(eq(sessions.id, input.sessionId), eq(sessions.eventId, eventId)));
        if (!session) throw invalid('body.sessionId', 'is not a session of this event', 'unknown_session');
        if (session.startsAt && session.endsAt) window = { start: session.startsAt, end: session.endsAt };
        else if (!input.startedAt || !input.endedAt) {
          throw invalid('body.startedAt', 'is needed for an unscheduled session', 'required');
        }
      }
      const start = input.startedAt ? new Date(input.startedAt) : window.start;
      const end = input.endedAt ? new Date(input.endedAt) : window.end;
      if (end < start) throw invalid('body.endedAt', 'must not be before startedAt', 'before_start');
      const sourceRef = input.sourceRef ?? randomUUID();
      const [inserted] = await tx
        .insert(attendanceEntries)
        .values({
          eventId,
          organizationId: registration.organizationId,
          registrationId: registration.id,
          sessionId: input.sessionId ?? null,
          source: input.source,
          sourceRef,
          startedAt: start,
          endedAt: end,
          minutes: minutesBetween(start, end),
          note: input.note ?? '',
          recordedBy: by.id,
        })
        .onConflictDoNothing()
        .returning();
      if (!inserted) {
        const [existing] = await tx
          .select()
          .from(attendanceEntries)
          .where(and(eq(attendanceEntries.source, input.source), eq(attendanceEntries.sourceRef, sourceRef)));
        if (existing!.registrationId !== registration.id) {
          throw new AppError('CONFLICT', 409, 'This source reference is recorded for someone else.');
        }
        return { entry: entryDto(existing!), created: false };
      }
      await this.audit.recordChange(tx, {
        actor: by,
        organizationId: registration.organizationId,
        action: 'attendance.recorded',
        subject: { type: 'registration', id: registration.id },
        metadata: { eventId, entryId: inserted.id, source: input.source, sessionId: input.sessionId ?? null },
        event: { payload: { registrationId: registration.id, eventId, entryId: inserted.id } },
      });
      return { entry: entryDto(inserted), created: true };
    });
  }

  /** Sets or clears (both null) the organiser's override of one registration's result. */
  async override(registrationId: string, input: OverrideInput, by: AuditActor): Promise<AttendanceSummary> {
    await this.db.transaction(async (tx) => {
      const [registration] = await tx.select().from(registrations).where(eq(registrations.id, registrationId));
      if (!registration) throw new AppError('NOT_FOUND', 404, 'No such registration.');
      const attended = input.attended ?? null;
      const eligible = input.eligible ?? null;
      if (attended === null && eligible === null) {
        await tx.delete(attendanceOverrides).where(eq(attendanceOverrides.registrationId, registrationId));
      } else {
        const values = { attended, eligible, reason: input.reason, decidedBy: by.id, updatedAt: new Date() };
        await tx
          .insert(attendanceOverrides)
          .values({ registrationId, eventId: registration.eventId, ...values })
          .onConflictDoUpdate({ target: attendanceOverrides.registrationId, set: values });
      }
      await this.audit.recordChange(tx, {
        actor: by,
        organizationId: registration.organizationId,
        action: 'attendance.overridden',
        subject: { type: 'registration', id: registrationId },
        metadata: { eventId: registration.eventId, attended, eligible, reason: input.reason },
        event: { payload: { registrationId, eventId: registration.eventId, attended, eligible } },
      });
    });
    return (await this.forRegistration(registrationId)).summary;
  }

  /** One registration's ledger, rule and result. */
  async forRegistration(
    registrationId: string,
  ): Promise<{ rule: AttendanceRule; summary: AttendanceSummary; entries: AttendanceEntry[] }> {
    const [registration] = await this.db.select().from(registrations).where(eq(registrations.id, registrationId));
    if (!registration) throw new AppError('NOT_FOUND', 404, 'No such registration.');
    const facts = await this.eventFacts(registration.eventId);
    const [summary] = await this.summaries(facts, [registration]);
    const entries = await this.db
      .select()
      .from(attendanceEntries)
      .where(eq(attendanceEntries.registrationId, registrationId))
      .orderBy(asc(attendanceEntries.startedAt), asc(attendanceEntries.id));
    return { rule: facts.rule, summary: summary!, entries: entries.map(entryDto) };
  }

  /** Every confirmed registration, and anyone else with ledger entries, oldest first. */
  async list(
    eventId: string,
    query: { cursor?: string | undefined; limit: number },
  ): Promise<{ items: AttendanceSummary[]; nextCursor: string | null }> {
    const facts = await this.eventFacts(eventId);
    const after = query.cursor ? decodeCursor(query.cursor) : null;
    const rows = await this.db
      .select()
      .from(registrations)
      .where(
        and(
          eq(registrations.eventId, eventId),
          or(
            eq(registrations.status, 'confirmed'),
            sql`exists (select 1 from ${attendanceEntries} where ${attendanceEntries.registrationId} = ${registrations.id})`,
          ),
          after
            ? or(
                gt(registrations.createdAt, new Date(after.createdAt)),
                and(eq(registrations.createdAt, new Date(after.createdAt)), gt(registrations.id, after.id)),
              )
            : undefined,
        ),
      )
      .orderBy(asc(registrations.createdAt), asc(registrations.id))
      .limit(query.limit + 1);
    const pageRows = rows.slice(0, query.limit);
    const last = pageRows.at(-1);
    return {
      items: await this.summaries(facts, pageRows),
      nextCursor: rows.length > query.limit && last ? encodeCursor(last) : null,
    };
  }

  /**
   * The results (after overrides) of an event's registrations — every one,
   * whatever its status, or those of `registrationIds` that belong to the
   * event — oldest first, read through `executor` (a caller's transaction).
   * What certificates are issued by.
   */
  async resultsFor(
    executor: Executor,
    eventId: string,
    registrationIds?: readonly string[],
  ): Promise<(AttendanceSummary & { userId: string | null })[]> {
    if (registrationIds?.length === 0) return [];
    const facts = await this.eventFacts(eventId, executor);
    const rows = await executor
      .select()
      .from(registrations)
      .where(
        and(
          eq(registrations.eventId, eventId),
          registrationIds ? inArray(registrations.id, [...registrationIds]) : undefined,
        ),
      )
      .orderBy(asc(registrations.createdAt), asc(registrations.id));
    const userOf = new Map(rows.map((r) => [r.id, r.userId]));
    const results = await this.summaries(facts, rows, executor);
    return results.map((r) => ({ ...r, userId: userOf.get(r.registrationId) ?? null }));
  }

  private async eventFacts(eventId: string, executor: Executor = this.db): Promise<EventFacts> {
    const event = await eventRow(executor, eventId);
    const rows = await executor.select().from(sessions).where(eq(sessions.eventId, eventId));
    return {
      event,
      rule: ruleOf(event.cpd),
      sessions: rows.map((s) => ({
        id: s.id,
        start: s.startsAt,
        end: s.endsAt,
        mandatory: s.mandatory,
        scheduled: s.isScheduled,
      })),
    };
  }

  private async summaries(
    facts: EventFacts,
    rows: RegistrationRow[],
    executor: Executor = this.db,
  ): Promise<AttendanceSummary[]> {
    if (rows.length === 0) return [];
    const ids = rows.map((r) => r.id);
    const entries = await executor
      .select()
      .from(attendanceEntries)
      .where(inArray(attendanceEntries.registrationId, ids));
    const overrides = await executor
      .select()
      .from(attendanceOverrides)
      .where(inArray(attendanceOverrides.registrationId, ids));
    const byRegistration = new Map<string, EntryRow[]>();
    for (const e of entries) byRegistration.set(e.registrationId, [...(byRegistration.get(e.registrationId) ?? []), e]);
    const overrideOf = new Map<string, OverrideRow>(overrides.map((o) => [o.registrationId, o]));
    return rows.map((r) => {
      const result = evaluate(facts.rule, {
        entries: (byRegistration.get(r.id) ?? []).map((e) => ({
          start: e.startedAt,
          end: e.endedAt,
          sessionId: e.sessionId,
        })),
        event: { start: facts.event.startsAt, end: facts.event.endsAt },
        sessions: facts.sessions,
      });
      const o = overrideOf.get(r.id);
      return {
        registrationId: r.id,
        name: this.store.name(r),
        email: this.store.email(r),
        status: r.status,
        totalMinutes: result.totalMinutes,
        percent: result.percent,
        sessionsAttended: result.sessionsAttended,
        mandatorySessionsMissed: result.mandatorySessionsMissed,
        attended: o?.attended ?? result.attended,
        eligible: o?.eligible ?? result.eligible,
        computed: { attended: result.attended, eligible: result.eligible },
        override: o
          ? {
              attended: o.attended,
              eligible: o.eligible,
              reason: o.reason,
              decidedBy: o.decidedBy,
              updatedAt: o.updatedAt.toISOString(),
            }
          : null,
      };
    });
  }
}

function minutesBetween(start: Date, end: Date): number {
  return Math.max(0, Math.floor((end.getTime() - start.getTime()) / 60_000));
}

function invalid(field: string, message: string, code: string): AppError {
  return new AppError('VALIDATION_FAILED', 422, 'The attendance entry is not valid.', [{ field, message, code }]);
}

function entryDto(row: EntryRow): AttendanceEntry {
  return {
    id: row.id,
    registrationId: row.registrationId,
    sessionId: row.sessionId,
    source: row.source,
    sourceRef: row.sourceRef,
    startedAt: row.startedAt.toISOString(),
    endedAt: row.endedAt.toISOString(),
    minutes: row.minutes,
    note: row.note,
    createdAt: row.createdAt.toISOString(),
  };
}
