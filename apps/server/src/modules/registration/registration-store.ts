import { createHmac, timingSafeEqual } from 'node:crypto';
import type { Answers, RegisterBody, Registration } from '@foyer/contracts';
import type { FieldCipher } from '../../platform/crypto/field-cipher.ts';
import type { registrations } from './schema.ts';

export type RegistrationRow = typeof registrations.$inferSelect;

const AAD = {
  email: 'registrations.email',
  name: 'registrations.name',
  answers: 'registrations.answers',
  request: 'registration_address_confirmations.request',
};

/** What a registration's link token is made of: the registration and its link version. */
export type LinkOf = Pick<RegistrationRow, 'id' | 'linkVersion'>;

/** The only code that knows how a registration's personal data is stored: encrypted, email blind-indexed. */
export class RegistrationCipher {
  constructor(
    private readonly cipher: FieldCipher,
    private readonly linkKey: Buffer,
  ) {}

  sealed(fields: { email: string; name: string; answers: Answers }) {
    return {
      emailEncrypted: this.cipher.encrypt(fields.email.trim(), AAD.email),
      emailHash: this.cipher.emailIndex(fields.email),
      nameEncrypted: this.cipher.encrypt(fields.name, AAD.name),
      answersEncrypted: this.cipher.encrypt(JSON.stringify(fields.answers), AAD.answers),
    };
  }

  emailIndex(email: string): string {
    return this.cipher.emailIndex(email);
  }

  /** A keyed hash (no personal data recoverable), e.g. of an idempotent request. */
  fingerprint(value: string): string {
    return this.cipher.blindIndex(value);
  }

  /**
   * The secret of a registration's own link (its emails carry it), with
   * which a guest without an account sees and cancels the registration:
   * its expiry (unix seconds, 10 hex digits) and an HMAC of the
   * registration, its link version and that expiry, under a key of its
   * own. Derived, never stored; it stops working at `validUntil` (30 days
   * after the event) or when a newer link is mailed (the version moves on).
   */
  linkToken(link: LinkOf, validUntil: Date): string {
    const expiry = Math.floor(validUntil.getTime() / 1000)
      .toString(16)
      .padStart(10, '0');
    return `${expiry}${this.linkMac(link, expiry)}`;
  }

  /** Whether `token` is the current, unexpired link token of the registration (constant-time compare). */
  isLinkToken(link: LinkOf, token: string, now = new Date()): boolean {
    if (!/^[0-9a-f]{74}$/.test(token)) return false;
    const expiry = token.slice(0, 10);
    const expected = Buffer.from(this.linkMac(link, expiry));
    const given = Buffer.from(token.slice(10));
    if (!timingSafeEqual(given, expected)) return false;
    return Number.parseInt(expiry, 16) * 1000 > now.getTime();
  }

  private linkMac({ id, linkVersion }: LinkOf, expiry: string): string {
    // Version 1 is the form links had before they could be renewed: they keep working.
    const version = linkVersion === 1 ? '' : `v${linkVersion}\u0000`;
    return createHmac('sha256', this.linkKey)
      .update(`registration-link\u0000${id}\u0000${version}${expiry}`)
      .digest('hex');
  }

  /** A registration request waiting for its address to be confirmed, sealed as a whole. */
  sealRequest(body: RegisterBody): string {
    return this.cipher.encrypt(JSON.stringify(body), AAD.request);
  }

  openRequest(sealed: string): RegisterBody {
    return JSON.parse(this.cipher.decrypt(sealed, AAD.request)) as RegisterBody;
  }

  /**
   * The secret of an address confirmation's link: the confirmation's id
   * (32 hex digits), its expiry (10) and an HMAC of both (64), under the
   * link key with a purpose of its own. Derived, never stored.
   */
  addressToken(confirmationId: string, validUntil: Date): string {
    const id = confirmationId.replaceAll('-', '');
    const expiry = Math.floor(validUntil.getTime() / 1000)
      .toString(16)
      .padStart(10, '0');
    return `${id}${expiry}${this.addressMac(id, expiry)}`;
  }

  /** The confirmation a token names and whether it has expired, if its MAC is right (constant-time); else null. */
  addressTokenId(token: string, now = new Date()): { id: string; expired: boolean } | null {
    if (!/^[0-9a-f]{106}$/.test(token)) return null;
    const id = token.slice(0, 32);
    const expiry = token.slice(32, 42);
    if (!timingSafeEqual(Buffer.from(token.slice(42)), Buffer.from(this.addressMac(id, expiry)))) return null;
    return {
      id: `${id.slice(0, 8)}-${id.slice(8, 12)}-${id.slice(12, 16)}-${id.slice(16, 20)}-${id.slice(20)}`,
      expired: Number.parseInt(expiry, 16) * 1000 <= now.getTime(),
    };
  }

  private addressMac(id: string, expiry: string): string {
    return createHmac('sha256', this.linkKey).update(`registration-address\u0000${id}\u0000${expiry}`).digest('hex');
  }

  email(row: Pick<RegistrationRow, 'emailEncrypted'>): string {
    return this.cipher.decrypt(row.emailEncrypted, AAD.email);
  }

  name(row: Pick<RegistrationRow, 'nameEncrypted'>): string {
    return this.cipher.decrypt(row.nameEncrypted, AAD.name);
  }

  answers(row: Pick<RegistrationRow, 'answersEncrypted'>): Answers {
    return JSON.parse(this.cipher.decrypt(row.answersEncrypted, AAD.answers)) as Answers;
  }

  toDto(row: RegistrationRow): Registration {
    return {
      id: row.id,
      eventId: row.eventId,
      userId: row.userId,
      status: row.status,
      position: row.status === 'waitlisted' ? row.waitlistPosition : null,
      ticketCode: row.status === 'confirmed' ? row.ticketCode : null,
      email: this.email(row),
      name: this.name(row),
      answers: this.answers(row),
      acknowledgedRequirements: row.acknowledgedRequirements,
      source: row.source,
      createdAt: row.createdAt.toISOString(),
      confirmedAt: row.confirmedAt?.toISOString() ?? null,
      cancelledAt: row.cancelledAt?.toISOString() ?? null,
    };
  }
}
