import type { AddressConfirmationSent, RegisterBody, Registration } from '@foyer/contracts';
import { eq, lt } from 'drizzle-orm';
import { type Actor, ANONYMOUS } from '../../platform/auth/actor.ts';
import type { RateLimiter } from '../../platform/auth/rate-limiter.ts';
import type { Db, Executor } from '../../platform/db/database.ts';
import { recordDomainEvent } from '../../platform/events/domain-events.ts';
import { AppError } from '../../platform/http/problem.ts';
import type { AuditActor } from '../audit/index.ts';
import type { RegistrationCipher } from './registration-store.ts';
import type { RegistrationsService } from './registrations-service.ts';
import { registrationAddressConfirmations as confirmations } from './schema.ts';

/** The domain event that mails the confirmation link (the notifications module sends it). */
export const ADDRESS_CONFIRMATION_REQUESTED = 'registration.address_confirmation_requested';
/** How long a confirmation link works. */
const VALID_HOURS = 48;
/** Confirmation mails per address and event an hour: asking again within it keeps the link already sent. */
const MAILS_PER_ADDRESS = 3;
const MAIL_WINDOW_SECONDS = 3600;

/**
 * The optional "confirm your address" step of an event's registration
 * (`registration.confirmAddress`): a guest's request is kept, encrypted,
 * and a link is mailed to the address; opening the link registers the
 * request as if it were sent then (seat, waiting list or approval decided
 * at that moment). Nobody is registered — and nobody mailed a ticket — on
 * the word of someone who does not hold the address.
 */
export class AddressConfirmations {
  constructor(
    private readonly d: {
      db: Db;
      store: RegistrationCipher;
      registrations: RegistrationsService;
      limiter: RateLimiter;
    },
  ) {}

  /**
   * Registers as `RegistrationsService.register` does, or — for a guest of
   * an event that asks for it — keeps the request and mails its link.
   */
  async register(
    eventId: string,
    body: RegisterBody,
    actor: Actor,
    by: AuditActor,
    idempotencyKey?: string,
  ): Promise<{ registration: Registration; replayed: boolean } | AddressConfirmationSent> {
    const answer = await this.d.registrations.register(eventId, body, actor, by, idempotencyKey);
    if (!('confirmAddress' in answer)) return answer;
    const { organizationId, email, name } = answer.confirmAddress;
    const emailHash = this.d.store.emailIndex(email);
    const expiresAt = new Date(Date.now() + VALID_HOURS * 3_600_000);
    const mail = await this.d.limiter.consume(
      `registration:address-confirmation:${eventId}:${emailHash}`,
      MAILS_PER_ADDRESS,
      MAIL_WINDOW_SECONDS,
    );
    await this.d.db.transaction(async (tx) => {
      // One per address and event: asking again replaces the request and keeps the id, so a link already mailed confirms the newest one.
      // With the address and name it was checked with: an account's request carries neither, and comes back as a guest's.
      const request = { ...body, email, name };
      const values = { requestEncrypted: this.d.store.sealRequest(request), expiresAt, registrationId: null };
      const [row] = await tx
        .insert(confirmations)
        .values({ eventId, organizationId, emailHash, ...values })
        .onConflictDoUpdate({
          target: [confirmations.eventId, confirmations.emailHash],
          set: { ...values, updatedAt: new Date() },
        })
        .returning({ id: confirmations.id });
      if (!mail.allowed) return;
      await recordDomainEvent(tx, {
        type: ADDRESS_CONFIRMATION_REQUESTED,
        aggregateType: 'registration_address_confirmation',
        aggregateId: row!.id,
        organizationId,
        payload: { confirmationId: row!.id, eventId },
      });
    });
    return { status: 'address_confirmation_sent', email, expiresAt: expiresAt.toISOString() };
  }

  /**
   * Registers the request a confirmation link stands for. Opening the link
   * again answers the same registration (`replayed`), as a repeated request
   * with the same idempotency key does.
   */
  async confirm(token: string, by: AuditActor): Promise<{ registration: Registration; replayed: boolean }> {
    const named = this.d.store.addressTokenId(token);
    if (!named) throw new AppError('NOT_FOUND', 404, 'This confirmation link is not valid.');
    const [row] = await this.d.db.select().from(confirmations).where(eq(confirmations.id, named.id));
    if (!row) throw new AppError('NOT_FOUND', 404, 'This confirmation link is not valid.');
    if (named.expired || row.expiresAt.getTime() <= Date.now()) {
      throw new AppError('LINK_EXPIRED', 410, 'This confirmation link has expired. Register again to get a new one.');
    }
    const body = this.d.store.openRequest(row.requestEncrypted);
    // As the guest who sent it, whoever opens the link: the request is theirs, not the opener's account's.
    const answer = await this.d.registrations.register(
      row.eventId,
      body,
      ANONYMOUS,
      by,
      `address-confirmation:${row.id}:${row.updatedAt.getTime()}`,
      { addressConfirmed: true },
    );
    if ('confirmAddress' in answer) throw new Error('an address confirmed was asked to be confirmed again');
    await this.d.db
      .update(confirmations)
      .set({ registrationId: answer.registration.id })
      .where(eq(confirmations.id, row.id));
    return answer;
  }

  /** What the confirmation mail needs: the address, the name and the link's token; null when gone or confirmed. */
  async mailOf(
    executor: Executor,
    confirmationId: string,
  ): Promise<{ email: string; name: string; token: string; eventId: string; expiresAt: Date } | null> {
    const [row] = await executor.select().from(confirmations).where(eq(confirmations.id, confirmationId));
    if (!row || row.registrationId) return null;
    const body = this.d.store.openRequest(row.requestEncrypted);
    return {
      email: body.email ?? '',
      name: body.name ?? '',
      token: this.d.store.addressToken(row.id, row.expiresAt),
      eventId: row.eventId,
      expiresAt: row.expiresAt,
    };
  }

  /** Deletes requests whose link expired more than a day ago (their personal data with them). */
  async deleteExpired(now: Date): Promise<number> {
    const gone = await this.d.db
      .delete(confirmations)
      .where(lt(confirmations.expiresAt, new Date(now.getTime() - 86_400_000)))
      .returning({ id: confirmations.id });
    return gone.length;
  }
}
