import { and, count, eq, gt, inArray, lt, sql } from 'drizzle-orm';
import type { Db } from '../../platform/db/database.ts';
import { escapeHtml as esc } from '../../platform/http/html.ts';
import type { MailMessage } from '../../platform/mail/mail-message.ts';
import type { MailService } from '../../platform/mail/mail-service.ts';
import type { AuditActor } from '../audit/index.ts';
import { eventOrganizers, events } from '../catalog/index.ts';
import { authCodes, authSessions, type UsersRepository, users } from '../identity/index.ts';
import type { AddressConfirmations } from './address-confirmations.ts';
import type { RegistrationsService } from './registrations-service.ts';
import { dailyReportsSent, type RegistrationStatus, registrationIdempotencyKeys, registrations } from './schema.ts';

export const DAILY_REPORT_QUEUE = 'registration.daily-report';
export const CLEAN_UP_QUEUE = 'registration.clean-up';
const DAY = 86_400_000;
const SYSTEM: AuditActor = { type: 'system', id: null };

export interface DailyReportFacts {
  eventName: string;
  day: string;
  newLast24h: number;
  counts: Record<RegistrationStatus, number>;
  capacity: number | null;
  url: string;
}

/**
 * The daily report to each upcoming event's active organizers: new
 * registrations in the last 24 hours, totals by status, the waiting list.
 * Once per event and UTC day: the `daily_reports_sent` row and the mails
 * commit together.
 */
export class DailyReports {
  constructor(
    private readonly db: Db,
    private readonly mail: MailService,
    private readonly users: UsersRepository,
    private readonly publicUrl: string,
  ) {}

  /** Queues today's reports not yet sent; returns how many events were reported on. */
  async sendDue(now: Date): Promise<number> {
    const day = now.toISOString().slice(0, 10);
    const due = await this.db
      .select({ id: events.id })
      .from(events)
      .where(
        and(
          inArray(events.status, ['published', 'live']),
          gt(events.endsAt, now),
          sql`not exists (select 1 from ${dailyReportsSent} d where d.event_id = ${events.id} and d.day = ${day})`,
        ),
      );
    let sent = 0;
    for (const { id } of due) {
      const done = await this.db.transaction(async (tx) => {
        const [claimed] = await tx
          .insert(dailyReportsSent)
          .values({ eventId: id, day })
          .onConflictDoNothing()
          .returning();
        if (!claimed) return false;
        const [event] = await tx.select().from(events).where(eq(events.id, id));
        const byStatus = await tx
          .select({ status: registrations.status, n: count() })
          .from(registrations)
          .where(eq(registrations.eventId, id))
          .groupBy(registrations.status);
        const [fresh] = await tx
          .select({ n: count() })
          .from(registrations)
          .where(and(eq(registrations.eventId, id), gt(registrations.createdAt, new Date(now.getTime() - DAY))));
        const recipients = await tx
          .select({ user: users })
          .from(eventOrganizers)
          .innerJoin(users, eq(users.id, eventOrganizers.userId))
          .where(and(eq(eventOrganizers.eventId, id), eq(eventOrganizers.status, 'active')));
        const counts = { pending: 0, confirmed: 0, waitlisted: 0, cancelled: 0, declined: 0 };
        for (const row of byStatus) counts[row.status] = row.n;
        const facts: DailyReportFacts = {
          eventName: event!.name,
          day,
          newLast24h: fresh?.n ?? 0,
          counts,
          capacity: event!.capacity,
          url: `${this.publicUrl}/orgs/${event!.organizationId}/events/${id}/registrations`,
        };
        for (const { user } of recipients) {
          await this.mail.send(
            { ...composeDailyReport(facts), to: this.users.email(user) },
            {
              executor: tx,
              template: 'registration.daily-report',
              dedupeKey: `registration.daily-report:${id}:${day}:${user.id}`,
            },
          );
        }
        return true;
      });
      if (done) sent += 1;
    }
    return sent;
  }
}

/** The organisers' daily report. One function, so the email-template slice can take it over. */
export function composeDailyReport(f: DailyReportFacts): Omit<MailMessage, 'to'> {
  const lines = [
    `${f.newLast24h} new registration${f.newLast24h === 1 ? '' : 's'} in the last 24 hours.`,
    `Confirmed: ${f.counts.confirmed}${f.capacity === null ? '' : ` of ${f.capacity} seats`}`,
    `Waiting list: ${f.counts.waitlisted}`,
    `Pending approval: ${f.counts.pending}`,
    `Cancelled: ${f.counts.cancelled} · Declined: ${f.counts.declined}`,
  ];
  const subject = `${f.eventName}: registrations on ${f.day}`;
  return {
    subject,
    text: `${lines.join('\n')}\n\n${f.url}\n`,
    html:
      `<!doctype html><html lang="en"><body style="font-family:system-ui,sans-serif;line-height:1.5;max-width:560px;margin:0 auto;padding:24px">` +
      `<h1 style="font-size:20px">${esc(subject)}</h1><ul>${lines.map((l) => `<li>${esc(l)}</li>`).join('')}</ul>` +
      `<p><a href="${esc(f.url)}">Open the registrations</a></p></body></html>`,
  };
}

export interface CleanUpResult {
  authCodes: number;
  authSessions: number;
  idempotencyKeys: number;
  pendingCancelled: number;
  addressConfirmations: number;
}

/**
 * Nightly clean-up: expired sign-in codes and tokens (their refresh tokens
 * go with their sessions), old idempotency keys, address confirmations
 * whose link expired (with the request they held), and registrations left
 * `pending` past the configured age — those are cancelled through the
 * normal path, so each is audited (`reason: abandoned`) and emits
 * `registration.cancelled`.
 */
export class CleanUp {
  constructor(
    private readonly db: Db,
    private readonly registrations: RegistrationsService,
    private readonly addressConfirmations: AddressConfirmations,
    private readonly options: { pendingMaxAgeDays: number; idempotencyKeyDays: number },
  ) {}

  async run(now: Date): Promise<CleanUpResult> {
    const codes = await this.db.delete(authCodes).where(lt(authCodes.expiresAt, now)).returning({ id: authCodes.id });
    const sessions = await this.db
      .delete(authSessions)
      .where(lt(authSessions.expiresAt, now))
      .returning({ id: authSessions.id });
    const keys = await this.db
      .delete(registrationIdempotencyKeys)
      .where(lt(registrationIdempotencyKeys.createdAt, new Date(now.getTime() - this.options.idempotencyKeyDays * DAY)))
      .returning({ key: registrationIdempotencyKeys.key });
    let pendingCancelled = 0;
    if (this.options.pendingMaxAgeDays > 0) {
      const stale = await this.db
        .select({ id: registrations.id })
        .from(registrations)
        .where(
          and(
            eq(registrations.status, 'pending'),
            lt(registrations.createdAt, new Date(now.getTime() - this.options.pendingMaxAgeDays * DAY)),
          ),
        );
      for (const { id } of stale) {
        try {
          await this.registrations.cancel(
            id,
            SYSTEM,
            `abandoned: pending for more than ${this.options.pendingMaxAgeDays} days`,
          );
          pendingCancelled += 1;
        } catch {
          // Approved or cancelled meanwhile: nothing to clean.
        }
      }
    }
    return {
      authCodes: codes.length,
      authSessions: sessions.length,
      idempotencyKeys: keys.length,
      pendingCancelled,
      addressConfirmations: await this.addressConfirmations.deleteExpired(now),
    };
  }
}
