import { z } from 'zod';
import { cursorParam } from './common.ts';

/** Why a registration got no certificate from an issue request (stable codes). */
export const CertificateSkipReason = z.enum([
  /** Not a registration of this event. */
  'unknown_registration',
  /** The registration was cancelled (or declined). */
  'cancelled',
  /** Pending approval or on the waiting list. */
  'not_confirmed',
  /** The attendance ledger (after any organiser override) says not eligible. */
  'not_eligible',
  /** It already has a valid certificate. */
  'already_certified',
  /** Its certificate was revoked; re-issue it explicitly to give a new one. */
  'revoked',
]);
export type CertificateSkipReason = z.infer<typeof CertificateSkipReason>;

export const IssueCertificatesBody = z.union([
  z.object({ registrationIds: z.array(z.uuid()).min(1).max(10_000) }).strict(),
  z.object({ all: z.literal(true) }).strict(),
]);
export type IssueCertificatesBody = z.infer<typeof IssueCertificatesBody>;

export const CertificateCredits = z.object({ type: z.string().nullable(), value: z.number().nullable() });

export const CertificateStatus = z.enum(['valid', 'expired', 'revoked', 'superseded']);
export type CertificateStatus = z.infer<typeof CertificateStatus>;

/** A certificate as organisers (and its holder) see it. */
export const Certificate = z.object({
  id: z.uuid(),
  eventId: z.uuid(),
  registrationId: z.uuid(),
  shortCode: z.string().describe('10 characters of Crockford base32, e.g. 7K3M9QX2TB; what people type'),
  verificationCode: z.string().describe('The long code (128 bits, base64url) the QR code and the link carry'),
  verificationUrl: z.string(),
  holderName: z.string(),
  credits: CertificateCredits,
  issuedAt: z.string(),
  expiresAt: z.string().nullable(),
  status: CertificateStatus,
  revocation: z.object({ at: z.string(), reason: z.string(), by: z.string().nullable() }).nullable(),
  supersededBy: z.uuid().nullable(),
  pdfReady: z.boolean(),
});
export type Certificate = z.infer<typeof Certificate>;

/** One of the signed-in attendee's certificates, with the event it is for (as certified). */
export const MyCertificate = Certificate.extend({ eventName: z.string() });
export type MyCertificate = z.infer<typeof MyCertificate>;

export const IssueCertificatesResult = z.object({
  batchId: z.uuid().nullable().describe('The batch rendering the issued certificates’ PDFs; null when none issued'),
  issuedCount: z.number().int(),
  skippedCount: z.number().int(),
  issued: z.array(z.object({ registrationId: z.uuid(), certificateId: z.uuid(), shortCode: z.string() })),
  skipped: z.array(z.object({ registrationId: z.uuid(), reason: CertificateSkipReason })),
});
export type IssueCertificatesResult = z.infer<typeof IssueCertificatesResult>;

export const CertificateBatch = z.object({
  id: z.uuid(),
  eventId: z.uuid(),
  state: z.enum(['rendering', 'done']),
  requestedCount: z.number().int(),
  issuedCount: z.number().int(),
  skippedCount: z.number().int(),
  renderedCount: z.number().int(),
  progress: z.number().min(0).max(1).describe('renderedCount / issuedCount (1 when nothing to render)'),
  createdAt: z.string(),
  completedAt: z.string().nullable(),
});
export type CertificateBatch = z.infer<typeof CertificateBatch>;

export const CertificateListQuery = z.object({
  status: CertificateStatus.optional(),
  cursor: cursorParam().optional(),
  limit: z.coerce.number().int().min(1).max(200).default(50),
});
export type CertificateListQuery = z.infer<typeof CertificateListQuery>;

/** A short code (any case, dashes and spaces ignored) or a long verification code. */
export const CertificateCode = z
  .string()
  .min(10)
  .max(64)
  .regex(/^[A-Za-z0-9_ -]+$/, 'must be a certificate code');

/** What anyone learns by verifying a code: enough to check a certificate, nothing more. */
export const CertificateVerification = z.object({
  status: CertificateStatus,
  holderName: z.string(),
  event: z.object({ name: z.string(), startsAt: z.string(), endsAt: z.string(), timezone: z.string() }),
  issuer: z.string(),
  credits: CertificateCredits,
  shortCode: z.string(),
  issuedAt: z.string(),
  expiresAt: z.string().nullable(),
  revocation: z.object({ at: z.string(), reason: z.string() }).nullable(),
  supersededBy: z.string().nullable().describe('The short code of the certificate that replaced this one'),
});
export type CertificateVerification = z.infer<typeof CertificateVerification>;

export const RevokeCertificateBody = z.object({ reason: z.string().trim().min(1).max(500) });

/** A correction: a new certificate replaces this one, which stays on record as superseded. */
export const ReissueCertificateBody = z.object({
  reason: z.string().trim().min(1).max(500),
  holderName: z.string().trim().min(1).max(200).optional().describe('The corrected name; else the registration’s'),
});

/** What an uploaded PDF is: byte for byte the file issued, a changed copy of one, or none of this instance's. */
export const CertificatePdfCheck = z.object({
  result: z
    .enum(['authentic', 'modified', 'unknown'])
    .describe('authentic: identical to the issued file; modified: names a certificate but differs from it'),
  certificate: CertificateVerification.nullable().describe('The certificate the file names, as verification shows it'),
});
export type CertificatePdfCheck = z.infer<typeof CertificatePdfCheck>;
