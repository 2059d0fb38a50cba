import { sql } from 'drizzle-orm';
import {
  type AnyPgColumn,
  check,
  doublePrecision,
  index,
  integer,
  jsonb,
  pgTable,
  primaryKey,
  text,
  timestamp,
  uniqueIndex,
  uuid,
} from 'drizzle-orm/pg-core';
import { events } from '../catalog/schema.ts';
import { organizations } from '../organizations/schema.ts';
import { registrations } from '../registration/schema.ts';

/**
 * What a certificate certifies, copied at issue time so that later edits
 * of the event or the organization do not change issued certificates. The
 * holder's name is personal data and is kept encrypted beside it
 * (`holder_name_encrypted`).
 */
export interface CertificateSnapshot {
  eventName: string;
  eventStartsAt: string;
  eventEndsAt: string;
  timezone: string;
  issuer: string;
  creditType: string | null;
  creditValue: number | null;
}

/**
 * A certificate issued to an eligible registration. Never deleted by
 * revocation: a revoked (or superseded) certificate stays on record and
 * verifies as such. At most one current (not superseded) certificate per
 * registration, guaranteed by a partial unique index.
 */
export const certificates = pgTable(
  'certificates',
  {
    id: uuid('id').primaryKey().defaultRandom(),
    organizationId: uuid('organization_id').notNull(),
    eventId: uuid('event_id')
      .notNull()
      .references(() => events.id, { onDelete: 'cascade' }),
    // No cascade: a certificate outlives changes to its registration; it goes only with its event.
    registrationId: uuid('registration_id')
      .notNull()
      .references(() => registrations.id),
    /** 128 random bits, base64url (22 characters): what the QR code and the verification link carry. */
    verificationCode: text('verification_code').notNull(),
    /** 10 random Crockford base32 characters (50 bits), upper case: what people type. */
    shortCode: text('short_code').notNull(),
    holderNameEncrypted: text('holder_name_encrypted').notNull(),
    snapshot: jsonb('snapshot').notNull().$type<CertificateSnapshot>(),
    creditType: text('credit_type'),
    creditValue: doublePrecision('credit_value'),
    issuedAt: timestamp('issued_at', { withTimezone: true }).notNull().defaultNow(),
    expiresAt: timestamp('expires_at', { withTimezone: true }),
    status: text('status').notNull().$type<'valid' | 'revoked'>().default('valid'),
    revokedAt: timestamp('revoked_at', { withTimezone: true }),
    revokedReason: text('revoked_reason'),
    revokedBy: uuid('revoked_by'),
    /** Set when a re-issue replaced this certificate (the replacement is `superseded_by`). */
    supersededAt: timestamp('superseded_at', { withTimezone: true }),
    supersededBy: uuid('superseded_by').references((): AnyPgColumn => certificates.id, { onDelete: 'set null' }),
    batchId: uuid('batch_id'),
    /** Where the rendered PDF is in file storage; null until the render job ran. */
    pdfKey: text('pdf_key'),
    pdfRenderedAt: timestamp('pdf_rendered_at', { withTimezone: true }),
  },
  (t) => [
    uniqueIndex('certificates_verification_code_idx').on(t.verificationCode),
    uniqueIndex('certificates_short_code_idx').on(t.shortCode),
    // One current certificate per registration: parallel issue requests cannot both give one.
    uniqueIndex('certificates_registration_current_idx').on(t.registrationId).where(sql`${t.supersededAt} is null`),
    index('certificates_event_issued_idx').on(t.eventId, t.issuedAt, t.id),
    index('certificates_batch_idx').on(t.batchId),
    check('certificates_status_check', sql`${t.status} in ('valid', 'revoked')`),
  ],
);

/** One issue request's certificates, and how far the rendering of their PDFs has got. */
export const certificateBatches = pgTable('certificate_batches', {
  id: uuid('id').primaryKey().defaultRandom(),
  organizationId: uuid('organization_id').notNull(),
  eventId: uuid('event_id')
    .notNull()
    .references(() => events.id, { onDelete: 'cascade' }),
  requestedCount: integer('requested_count').notNull(),
  issuedCount: integer('issued_count').notNull(),
  skippedCount: integer('skipped_count').notNull(),
  renderedCount: integer('rendered_count').notNull().default(0),
  state: text('state').notNull().$type<'rendering' | 'done'>(),
  createdBy: uuid('created_by'),
  createdAt: timestamp('created_at', { withTimezone: true }).notNull().defaultNow(),
  completedAt: timestamp('completed_at', { withTimezone: true }),
});

/** `Idempotency-Key`s of issue requests: the same key and body answer the first request's result. */
export const certificateIssueRequests = pgTable(
  'certificate_issue_requests',
  {
    eventId: uuid('event_id')
      .notNull()
      .references(() => events.id, { onDelete: 'cascade' }),
    key: text('key').notNull(),
    /** SHA-256 of the caller and the canonical body. */
    requestHash: text('request_hash').notNull(),
    /** The answer of the first request, replayed as it was. */
    response: jsonb('response').$type<Record<string, unknown>>(),
    createdAt: timestamp('created_at', { withTimezone: true }).notNull().defaultNow(),
  },
  (t) => [primaryKey({ columns: [t.eventId, t.key] })],
);

/**
 * An organization's certificate-signing key: a self-signed X.509
 * certificate and its RSA key as PKCS#12, encrypted with the key-wrapping
 * key. Made on first use.
 */
export const certificateSigningKeys = pgTable('certificate_signing_keys', {
  organizationId: uuid('organization_id')
    .primaryKey()
    .references(() => organizations.id, { onDelete: 'cascade' }),
  certificatePem: text('certificate_pem').notNull(),
  p12Encrypted: text('p12_encrypted').notNull(),
  createdAt: timestamp('created_at', { withTimezone: true }).notNull().defaultNow(),
});
