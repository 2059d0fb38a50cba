import { and, desc, eq, sql } from 'drizzle-orm';
import type { Db } from '../../platform/db/database.ts';
import { recordDomainEvent } from '../../platform/events/domain-events.ts';
import type { AuditActor, AuditService } from '../audit/index.ts';
import type { RegistrationCipher } from './registration-store.ts';
import { registrations } from './schema.ts';

/** The domain event that mails a registration's new link (the notifications module sends it). */
export const REGISTRATION_LINK_RENEWED = 'registration.link_renewed';

/**
 * A registration's own link, renewed: a new one is mailed to the
 * registrant and every link mailed before stops working (the link
 * version moves on). Organisers renew one registration's link; a guest
 * who lost theirs asks by address, and is answered alike whether or not
 * the address registered, so the answer tells nothing.
 */
export class RegistrationLinks {
  constructor(private readonly d: { db: Db; audit: AuditService; store: RegistrationCipher }) {}

  /** Renews the link of `registrationId`; false when there is no such registration. */
  async renew(registrationId: string, by: AuditActor): Promise<boolean> {
    return this.d.db.transaction(async (tx) => {
      const [row] = await tx
        .update(registrations)
        .set({ linkVersion: sql`${registrations.linkVersion} + 1`, updatedAt: new Date() })
        .where(eq(registrations.id, registrationId))
        .returning();
      if (!row) return false;
      await this.d.audit.record(tx, {
        actor: by,
        organizationId: row.organizationId,
        action: REGISTRATION_LINK_RENEWED,
        target: { type: 'registration', id: row.id },
        metadata: { eventId: row.eventId, linkVersion: row.linkVersion },
      });
      await recordDomainEvent(tx, {
        type: REGISTRATION_LINK_RENEWED,
        aggregateType: 'registration',
        aggregateId: row.id,
        organizationId: row.organizationId,
        payload: { registrationId: row.id, eventId: row.eventId, userId: row.userId, status: row.status },
      });
      return true;
    });
  }

  /** Renews the link of the newest registration of `email` for the event, if there is one. */
  async renewFor(eventId: string, email: string, by: AuditActor): Promise<void> {
    const [row] = await this.d.db
      .select({ id: registrations.id })
      .from(registrations)
      .where(and(eq(registrations.eventId, eventId), eq(registrations.emailHash, this.d.store.emailIndex(email))))
      .orderBy(desc(registrations.createdAt))
      .limit(1);
    if (row) await this.renew(row.id, by);
  }
}
