import type { CheckInResult } from '@foyer/contracts';
import { and, eq, isNull } from 'drizzle-orm';
import type { Db, Executor } from '../../platform/db/database.ts';
import { AppError } from '../../platform/http/problem.ts';
import type { AuditActor, AuditService } from '../audit/index.ts';
import { sessions } from '../catalog/index.ts';
import type { AttendanceService } from './attendance-service.ts';
import type { RegistrationCipher, RegistrationRow } from './registration-store.ts';
import { checkIns, registrations } from './schema.ts';

/**
 * Checking people in at the door of an event or of one of its sessions, by
 * ticket code. Idempotent: a second scan of the same code answers the
 * first check-in and says so. Only confirmed registrations get in.
 */
export class CheckInsService {
  constructor(
    private readonly db: Db,
    private readonly audit: AuditService,
    private readonly store: RegistrationCipher,
    private readonly attendance: AttendanceService,
  ) {}

  async checkIn(eventId: string, code: string, sessionId: string | undefined, by: AuditActor): Promise<CheckInResult> {
    return this.db.transaction(async (tx) => {
      if (sessionId) await assertSessionOf(tx, eventId, sessionId);
      const [registration] = await tx
        .select()
        .from(registrations)
        .where(and(eq(registrations.eventId, eventId), eq(registrations.ticketCode, normalizeCode(code))));
      if (!registration) throw new AppError('NOT_FOUND', 404, 'No ticket with this code for this event.');
      if (registration.status !== 'confirmed') {
        throw new AppError('TICKET_NOT_VALID', 409, `This ticket’s registration is ${registration.status}.`);
      }
      const [inserted] = await tx
        .insert(checkIns)
        .values({
          eventId,
          organizationId: registration.organizationId,
          registrationId: registration.id,
          sessionId: sessionId ?? null,
          checkedInBy: by.id,
        })
        .onConflictDoNothing()
        .returning();
      if (!inserted) {
        const existing = await this.find(tx, registration.id, sessionId);
        return this.result(registration, existing!, true);
      }
      // The ledger entry commits with the check-in, and goes with it on undo.
      await this.attendance.recordCheckIn(tx, inserted);
      await this.record(tx, registration, 'registration.checked_in', sessionId, by);
      return this.result(registration, inserted, false);
    });
  }

  /** Takes a check-in back (scanned the wrong person); 404 when they were not checked in. */
  async undo(eventId: string, registrationId: string, sessionId: string | undefined, by: AuditActor): Promise<void> {
    await this.db.transaction(async (tx) => {
      const [registration] = await tx
        .select()
        .from(registrations)
        .where(and(eq(registrations.id, registrationId), eq(registrations.eventId, eventId)));
      const existing = registration ? await this.find(tx, registrationId, sessionId) : undefined;
      if (!registration || !existing) throw new AppError('NOT_FOUND', 404, 'This registration is not checked in here.');
      await tx.delete(checkIns).where(eq(checkIns.id, existing.id));
      await this.attendance.removeCheckIn(tx, existing.id);
      await this.record(tx, registration, 'registration.check_in_undone', sessionId, by);
    });
  }

  private async find(executor: Executor, registrationId: string, sessionId: string | undefined) {
    const [row] = await executor
      .select()
      .from(checkIns)
      .where(
        and(
          eq(checkIns.registrationId, registrationId),
          sessionId ? eq(checkIns.sessionId, sessionId) : isNull(checkIns.sessionId),
        ),
      );
    return row;
  }

  private result(
    registration: RegistrationRow,
    checkIn: typeof checkIns.$inferSelect,
    alreadyCheckedIn: boolean,
  ): CheckInResult {
    return {
      registration: {
        id: registration.id,
        name: this.store.name(registration),
        email: this.store.email(registration),
        status: registration.status,
      },
      sessionId: checkIn.sessionId,
      alreadyCheckedIn,
      checkedInAt: checkIn.checkedInAt.toISOString(),
    };
  }

  private async record(
    tx: Executor,
    registration: RegistrationRow,
    type: string,
    sessionId: string | undefined,
    by: AuditActor,
  ): Promise<void> {
    await this.audit.recordChange(tx, {
      actor: by,
      organizationId: registration.organizationId,
      action: type,
      subject: { type: 'registration', id: registration.id },
      metadata: { eventId: registration.eventId, sessionId: sessionId ?? null },
      event: {
        payload: { registrationId: registration.id, eventId: registration.eventId, sessionId: sessionId ?? null },
      },
    });
  }
}

/** Ticket codes are upper-case base32; people type them in any case, with spaces or dashes. */
export function normalizeCode(code: string): string {
  return code.toUpperCase().replace(/[\s-]/g, '');
}

async function assertSessionOf(executor: Executor, eventId: string, sessionId: string): Promise<void> {
  const [row] = await executor
    .select({ id: sessions.id })
    .from(sessions)
    .where(and(eq(sessions.id, sessionId), eq(sessions.eventId, eventId)));
  if (!row) {
    throw new AppError('VALIDATION_FAILED', 422, 'The session is not part of this event.', [
      { field: 'body.sessionId', message: 'is not a session of this event', code: 'unknown_session' },
    ]);
  }
}
