import { createHash, randomUUID } from 'node:crypto';
import {
  type Certificate,
  type CertificateBatch,
  type CertificateListQuery,
  type CertificatePdfCheck,
  type CertificateSkipReason,
  type CertificateStatus,
  type CertificateVerification,
  ErrorCode,
  type IssueCertificatesBody,
  type IssueCertificatesResult,
  type MyCertificate,
} from '@foyer/contracts';
import { and, asc, desc, eq, gt, inArray, isNotNull, isNull, lte, or, type SQL, sql } from 'drizzle-orm';
import { PDFDocument } from 'pdf-lib';
import { z } from 'zod';
import type { Db, Executor } from '../../platform/db/database.ts';
import { recordDomainEvents } from '../../platform/events/domain-events.ts';
import { cursorInstant, cursorUuid, decodeCursor, encodeCursor } from '../../platform/http/cursor.ts';
import { AppError } from '../../platform/http/problem.ts';
import type { FileStorage } from '../../platform/storage/file-storage.ts';
import type { AuditActor, AuditService } from '../audit/index.ts';
import { events } from '../catalog/index.ts';
import { organizations } from '../organizations/index.ts';
import { type RegistrationServices, registrations } from '../registration/index.ts';
import { newShortCode, newVerificationCode, parseCode } from './certificate-codes.ts';
import { type CertificateSnapshot, certificateBatches, certificateIssueRequests, certificates } from './schema.ts';

type CertificateRow = typeof certificates.$inferSelect;
type BatchRow = typeof certificateBatches.$inferSelect;

/** Recorded for every certificate issued (and re-issued): its PDF is rendered by a durable handler. */
export const CERTIFICATE_ISSUED = 'certificate.issued';

/** Encrypts and decrypts the holder's name (the platform's field cipher). */
export interface NameCipher {
  encrypt(plaintext: string, associatedData?: string): string;
  decrypt(stored: string, associatedData?: string): string;
}

export interface CertificatesDeps {
  db: Db;
  audit: AuditService;
  attendance: RegistrationServices['attendance'];
  cipher: NameCipher;
  /** Where verification links point: `${publicUrl}/verify/{code}`. */
  publicUrl: string;
  /** Where the rendered PDFs are (to compare an uploaded one with). */
  storage: FileStorage;
}

const disabled = () =>
  new AppError(ErrorCode.CERTIFICATES_DISABLED, 409, 'This event does not issue certificates (CPD settings).');
const notFound = () => new AppError(ErrorCode.NOT_FOUND, 404, 'No such certificate.');

/** Rows per INSERT statement when issuing many certificates at once. */
const CHUNK = 500;

/**
 * Certificates of eligible registrations: issuing (idempotent, safe under
 * parallel requests), listing, verification by code, revocation and
 * re-issue. Nothing is ever deleted: a revoked or replaced certificate
 * stays on record and verifies as such.
 */
export class CertificatesService {
  constructor(private readonly d: CertificatesDeps) {}

  /**
   * Issues certificates to the eligible registrations among those asked
   * for (or all of the event's). Ineligible and already-certified ones are
   * skipped with a reason. With `idempotencyKey`, repeating the request
   * answers the first result (`replayed`); the same key with another body
   * is refused with IDEMPOTENCY_KEY_REUSED.
   */
  async issue(
    eventId: string,
    body: IssueCertificatesBody,
    by: AuditActor,
    idempotencyKey?: string,
  ): Promise<{ result: IssueCertificatesResult; replayed: boolean }> {
    // A short-code collision (50 random bits) fails the transaction; a fresh draw succeeds.
    for (let attempt = 1; ; attempt++) {
      try {
        return await this.d.db.transaction((tx) => this.issueIn(tx, eventId, body, by, idempotencyKey));
      } catch (err) {
        if (attempt >= 3 || !isShortCodeCollision(err)) throw err;
      }
    }
  }

  /** {@link issue} inside the caller's transaction (the auto-issue handler's). */
  async issueIn(
    tx: Executor,
    eventId: string,
    body: IssueCertificatesBody,
    by: AuditActor,
    idempotencyKey?: string,
  ): Promise<{ result: IssueCertificatesResult; replayed: boolean }> {
    const [event] = await tx
      .select({
        id: events.id,
        organizationId: events.organizationId,
        name: events.name,
        startsAt: events.startsAt,
        endsAt: events.endsAt,
        timezone: events.timezone,
        cpd: events.cpd,
        issuer: organizations.name,
      })
      .from(events)
      .innerJoin(organizations, eq(organizations.id, events.organizationId))
      .where(eq(events.id, eventId));
    if (!event) throw new AppError(ErrorCode.NOT_FOUND, 404, 'No such event.');
    if (event.cpd.certificatesEnabled !== true) throw disabled();

    if (idempotencyKey) {
      const requestHash = createHash('sha256')
        .update(JSON.stringify([by.type, by.id, 'registrationIds' in body ? [...body.registrationIds].sort() : 'all']))
        .digest('hex');
      // Inserted first: a parallel request with the same key waits here for this one to commit, then replays it.
      const [claimed] = await tx
        .insert(certificateIssueRequests)
        .values({ eventId, key: idempotencyKey, requestHash })
        .onConflictDoNothing()
        .returning();
      if (!claimed) {
        const [stored] = await tx
          .select()
          .from(certificateIssueRequests)
          .where(and(eq(certificateIssueRequests.eventId, eventId), eq(certificateIssueRequests.key, idempotencyKey)));
        if (stored!.requestHash !== requestHash) {
          throw new AppError(
            ErrorCode.IDEMPOTENCY_KEY_REUSED,
            422,
            'This Idempotency-Key was used for a different issue request.',
          );
        }
        return { result: stored!.response as unknown as IssueCertificatesResult, replayed: true };
      }
    }

    const asked = 'registrationIds' in body ? [...new Set(body.registrationIds)] : undefined;
    const results = await this.d.attendance.resultsFor(tx, eventId, asked);
    const known = new Map(results.map((r) => [r.registrationId, r]));
    const current = await this.currentOf(
      tx,
      results.map((r) => r.registrationId),
    );
    const skipped: IssueCertificatesResult['skipped'] = [];
    const candidates: typeof results = [];
    for (const registrationId of asked ?? results.map((r) => r.registrationId)) {
      const r = known.get(registrationId);
      const reason = skipReason(r, current.get(registrationId));
      if (reason) skipped.push({ registrationId, reason });
      else candidates.push(r!);
    }

    const cpd = event.cpd as {
      creditType?: string | null;
      creditValue?: number | null;
      certificateValidityMonths?: number | null;
    };
    const issuedAt = new Date();
    const months = cpd.certificateValidityMonths ?? null;
    const expiresAt = months ? addMonths(issuedAt, months) : null;
    const snapshot: CertificateSnapshot = {
      eventName: event.name,
      eventStartsAt: event.startsAt.toISOString(),
      eventEndsAt: event.endsAt.toISOString(),
      timezone: event.timezone,
      issuer: event.issuer,
      creditType: cpd.creditType ?? null,
      creditValue: cpd.creditValue ?? null,
    };
    const batchId = randomUUID();
    const issued: IssueCertificatesResult['issued'] = [];
    for (let i = 0; i < candidates.length; i += CHUNK) {
      const rows = candidates.slice(i, i + CHUNK).map((r) => {
        const id = randomUUID();
        return {
          id,
          organizationId: event.organizationId,
          eventId,
          registrationId: r.registrationId,
          verificationCode: newVerificationCode(),
          shortCode: newShortCode(),
          holderNameEncrypted: this.d.cipher.encrypt(r.name, id),
          snapshot,
          creditType: snapshot.creditType,
          creditValue: snapshot.creditValue,
          issuedAt,
          expiresAt,
          batchId,
        };
      });
      const inserted = await tx
        .insert(certificates)
        .values(rows)
        // A parallel request certified some of them first: those are skipped, not issued twice.
        .onConflictDoNothing({ target: certificates.registrationId, where: sql`superseded_at is null` })
        .returning({
          id: certificates.id,
          registrationId: certificates.registrationId,
          shortCode: certificates.shortCode,
        });
      const got = new Set(inserted.map((c) => c.registrationId));
      for (const row of rows) {
        if (!got.has(row.registrationId))
          skipped.push({ registrationId: row.registrationId, reason: 'already_certified' });
      }
      issued.push(
        ...inserted.map((c) => ({ registrationId: c.registrationId, certificateId: c.id, shortCode: c.shortCode })),
      );
    }

    if (issued.length > 0) {
      await tx.insert(certificateBatches).values({
        id: batchId,
        organizationId: event.organizationId,
        eventId,
        requestedCount: issued.length + skipped.length,
        issuedCount: issued.length,
        skippedCount: skipped.length,
        state: 'rendering',
        createdBy: by.id,
      });
      await recordDomainEvents(
        tx,
        issued.map((c) => ({
          type: CERTIFICATE_ISSUED,
          aggregateType: 'certificate',
          aggregateId: c.certificateId,
          organizationId: event.organizationId,
          payload: { certificateId: c.certificateId, batchId, eventId },
        })),
      );
    }
    await this.d.audit.record(tx, {
      actor: by,
      action: 'certificates.issued',
      organizationId: event.organizationId,
      target: { type: 'event', id: eventId },
      metadata: { batchId: issued.length > 0 ? batchId : null, issued: issued.length, skipped: skipped.length },
    });
    const result: IssueCertificatesResult = {
      batchId: issued.length > 0 ? batchId : null,
      issuedCount: issued.length,
      skippedCount: skipped.length,
      issued,
      skipped,
    };
    if (idempotencyKey) {
      await tx
        .update(certificateIssueRequests)
        .set({ response: result as unknown as Record<string, unknown> })
        .where(and(eq(certificateIssueRequests.eventId, eventId), eq(certificateIssueRequests.key, idempotencyKey)));
    }
    return { result, replayed: false };
  }

  /**
   * Issues to every eligible registration when an event completes, if its
   * CPD settings enable certificates and auto-issue; otherwise nothing.
   */
  async autoIssue(tx: Executor, eventId: string): Promise<IssueCertificatesResult | null> {
    const [event] = await tx.select({ cpd: events.cpd }).from(events).where(eq(events.id, eventId));
    if (event?.cpd.certificatesEnabled !== true || event.cpd.certificatesAutoIssue !== true) return null;
    return (await this.issueIn(tx, eventId, { all: true }, { type: 'system', id: null })).result;
  }

  /** An issue batch of the event, with how many of its PDFs are rendered. */
  async batch(eventId: string, batchId: string): Promise<CertificateBatch> {
    const [row] = await this.d.db
      .select()
      .from(certificateBatches)
      .where(and(eq(certificateBatches.id, batchId), eq(certificateBatches.eventId, eventId)));
    if (!row) throw new AppError(ErrorCode.NOT_FOUND, 404, 'No such batch.');
    return batchDto(row);
  }

  /** The event's certificates, oldest first, optionally of one status. */
  async list(
    eventId: string,
    query: CertificateListQuery,
  ): Promise<{ items: Certificate[]; nextCursor: string | null }> {
    const after = query.cursor ? decodeCursor(query.cursor, CursorParts) : null;
    const rows = await this.d.db
      .select()
      .from(certificates)
      .where(
        and(
          eq(certificates.eventId, eventId),
          query.status ? statusIs(query.status, new Date()) : undefined,
          after
            ? or(
                gt(certificates.issuedAt, new Date(after[0])),
                and(eq(certificates.issuedAt, new Date(after[0])), gt(certificates.id, after[1])),
              )
            : undefined,
        ),
      )
      .orderBy(asc(certificates.issuedAt), asc(certificates.id))
      .limit(query.limit + 1);
    const page = rows.slice(0, query.limit);
    const last = page.at(-1);
    return {
      items: page.map((r) => this.toDto(r)),
      nextCursor: rows.length > query.limit && last ? encodeCursor([last.issuedAt.toISOString(), last.id]) : null,
    };
  }

  /**
   * The certificates of a user's registrations (the holder's own), newest
   * first, each with the event name it certifies. Superseded ones are left
   * out: the replacement is the one to use.
   */
  async mine(userId: string): Promise<MyCertificate[]> {
    const rows = await this.d.db
      .select({ certificate: certificates })
      .from(certificates)
      .innerJoin(registrations, eq(registrations.id, certificates.registrationId))
      .where(and(eq(registrations.userId, userId), isNull(certificates.supersededAt)))
      .orderBy(desc(certificates.issuedAt), desc(certificates.id))
      .limit(500);
    return rows.map(({ certificate }) => ({ ...this.toDto(certificate), eventName: certificate.snapshot.eventName }));
  }

  /** One certificate as organisers see it. */
  async get(certificateId: string): Promise<Certificate> {
    return this.toDto(await this.row(this.d.db, certificateId));
  }

  /** The event a certificate belongs to (for the access gate); null when there is no such certificate. */
  async eventIdOf(certificateId: string): Promise<string | null> {
    const [row] = await this.d.db
      .select({ eventId: certificates.eventId })
      .from(certificates)
      .where(eq(certificates.id, certificateId));
    return row?.eventId ?? null;
  }

  /** The account whose registration holds the certificate, and where its PDF is (null until rendered). */
  async holderAndPdf(
    certificateId: string,
  ): Promise<{ userId: string | null; pdfKey: string | null; shortCode: string }> {
    const [row] = await this.d.db
      .select({
        userId: registrations.userId,
        pdfKey: certificates.pdfKey,
        shortCode: certificates.shortCode,
      })
      .from(certificates)
      .innerJoin(registrations, eq(registrations.id, certificates.registrationId))
      .where(eq(certificates.id, certificateId));
    if (!row) throw notFound();
    return row;
  }

  /**
   * What anyone may learn from a code (long or short): the holder, the
   * event, credits, dates and whether it is valid, expired, revoked or
   * superseded. An unknown code answers NOT_FOUND, as a malformed one does.
   */
  async verify(code: string): Promise<CertificateVerification> {
    const lookup = parseCode(code);
    if (!lookup) throw notFound();
    const [row] = await this.d.db
      .select()
      .from(certificates)
      .where(
        lookup.kind === 'short'
          ? eq(certificates.shortCode, lookup.value)
          : eq(certificates.verificationCode, lookup.value),
      );
    if (!row) throw notFound();
    return this.verificationOf(row);
  }

  /** What verification tells of a certificate row (its replacement read by its short code). */
  private async verificationOf(row: CertificateRow): Promise<CertificateVerification> {
    let supersededBy: string | null = null;
    if (row.supersededBy) {
      const [next] = await this.d.db
        .select({ shortCode: certificates.shortCode })
        .from(certificates)
        .where(eq(certificates.id, row.supersededBy));
      supersededBy = next?.shortCode ?? null;
    }
    return {
      status: statusOf(row, new Date()),
      holderName: this.holderName(row),
      event: {
        name: row.snapshot.eventName,
        startsAt: row.snapshot.eventStartsAt,
        endsAt: row.snapshot.eventEndsAt,
        timezone: row.snapshot.timezone,
      },
      issuer: row.snapshot.issuer,
      credits: { type: row.snapshot.creditType, value: row.snapshot.creditValue },
      shortCode: row.shortCode,
      issuedAt: row.issuedAt.toISOString(),
      expiresAt: row.expiresAt?.toISOString() ?? null,
      revocation:
        row.status === 'revoked' && row.revokedAt
          ? { at: row.revokedAt.toISOString(), reason: row.revokedReason ?? '' }
          : null,
      supersededBy,
    };
  }

  /**
   * Checks an uploaded PDF: the certificate it names (the verification
   * link in its metadata), and whether it is byte for byte the file that
   * was issued — any change, however small, makes it `modified`.
   */
  async checkPdf(pdf: Buffer): Promise<CertificatePdfCheck> {
    const code = await codeInPdf(pdf);
    if (!code) return { result: 'unknown', certificate: null };
    const [row] = await this.d.db.select().from(certificates).where(eq(certificates.verificationCode, code));
    if (!row?.pdfKey) return { result: 'unknown', certificate: null };
    const certificate = await this.verificationOf(row);
    const issued = await this.d.storage.get(row.pdfKey).catch(() => null);
    if (!issued) return { result: 'unknown', certificate: null };
    const chunks: Buffer[] = [];
    for await (const chunk of issued) chunks.push(chunk as Buffer);
    const same = sha256(Buffer.concat(chunks)) === sha256(pdf);
    return { result: same ? 'authentic' : 'modified', certificate };
  }

  /** Revokes a certificate with a reason (audited). The record stays; verification then says revoked. */
  async revoke(certificateId: string, reason: string, by: AuditActor): Promise<Certificate> {
    const row = await this.d.db.transaction(async (tx) => {
      const [current] = await tx.select().from(certificates).where(eq(certificates.id, certificateId)).for('update');
      if (!current) throw notFound();
      if (current.status === 'revoked') {
        throw new AppError(ErrorCode.CERTIFICATE_REVOKED, 409, 'This certificate is already revoked.');
      }
      const [updated] = await tx
        .update(certificates)
        .set({ status: 'revoked', revokedAt: new Date(), revokedReason: reason, revokedBy: by.id })
        .where(eq(certificates.id, certificateId))
        .returning();
      await this.d.audit.recordChange(tx, {
        actor: by,
        action: 'certificate.revoked',
        organizationId: current.organizationId,
        subject: { type: 'certificate', id: certificateId },
        metadata: { eventId: current.eventId, registrationId: current.registrationId, reason },
        event: { payload: { certificateId, eventId: current.eventId } },
      });
      return updated!;
    });
    return this.toDto(row);
  }

  /**
   * Replaces a certificate after a correction (a misspelt name): a new one
   * with new codes and the corrected name (or the registration's current
   * one), the same event snapshot and expiry; the old one stays on record
   * as superseded, pointing at its replacement. Audited.
   */
  async reissue(
    certificateId: string,
    input: { reason: string; holderName?: string | undefined },
    by: AuditActor,
  ): Promise<Certificate> {
    const row = await this.d.db.transaction(async (tx) => {
      const [old] = await tx.select().from(certificates).where(eq(certificates.id, certificateId)).for('update');
      if (!old) throw notFound();
      if (old.supersededAt) {
        throw new AppError(ErrorCode.CERTIFICATE_SUPERSEDED, 409, 'This certificate was already replaced.');
      }
      let name = input.holderName;
      if (!name) {
        const [result] = await this.d.attendance.resultsFor(tx, old.eventId, [old.registrationId]);
        name = result?.name ?? this.holderName(old);
      }
      const now = new Date();
      // Frees the one-current-certificate slot of the registration for the replacement.
      await tx.update(certificates).set({ supersededAt: now }).where(eq(certificates.id, old.id));
      const id = randomUUID();
      const [created] = await tx
        .insert(certificates)
        .values({
          id,
          organizationId: old.organizationId,
          eventId: old.eventId,
          registrationId: old.registrationId,
          verificationCode: newVerificationCode(),
          shortCode: newShortCode(),
          holderNameEncrypted: this.d.cipher.encrypt(name, id),
          snapshot: old.snapshot,
          creditType: old.creditType,
          creditValue: old.creditValue,
          issuedAt: now,
          expiresAt: old.expiresAt,
        })
        .returning();
      await tx.update(certificates).set({ supersededBy: id }).where(eq(certificates.id, old.id));
      await recordDomainEvents(tx, [
        {
          type: CERTIFICATE_ISSUED,
          aggregateType: 'certificate',
          aggregateId: id,
          organizationId: old.organizationId,
          payload: { certificateId: id, batchId: null, eventId: old.eventId },
        },
      ]);
      await this.d.audit.recordChange(tx, {
        actor: by,
        action: 'certificate.reissued',
        organizationId: old.organizationId,
        subject: { type: 'certificate', id: old.id },
        metadata: {
          eventId: old.eventId,
          replacedBy: id,
          reason: input.reason,
          nameChanged: name !== this.holderName(old),
        },
      });
      return created!;
    });
    return this.toDto(row);
  }

  /** The registrations' current (not superseded) certificates, by registration. */
  private async currentOf(tx: Executor, registrationIds: string[]): Promise<Map<string, 'valid' | 'revoked'>> {
    const out = new Map<string, 'valid' | 'revoked'>();
    for (let i = 0; i < registrationIds.length; i += CHUNK) {
      const rows = await tx
        .select({ registrationId: certificates.registrationId, status: certificates.status })
        .from(certificates)
        .where(
          and(
            inArray(certificates.registrationId, registrationIds.slice(i, i + CHUNK)),
            isNull(certificates.supersededAt),
          ),
        );
      for (const r of rows) out.set(r.registrationId, r.status);
    }
    return out;
  }

  private async row(executor: Executor, certificateId: string): Promise<CertificateRow> {
    const [row] = await executor.select().from(certificates).where(eq(certificates.id, certificateId));
    if (!row) throw notFound();
    return row;
  }

  /** The verification page of a code (what the PDF's QR code and link carry). */
  verificationUrl(verificationCode: string): string {
    return `${this.d.publicUrl}/verify/${verificationCode}`;
  }

  /** The holder's name as issued (decrypted). */
  holderName(row: Pick<CertificateRow, 'id' | 'holderNameEncrypted'>): string {
    return this.d.cipher.decrypt(row.holderNameEncrypted, row.id);
  }

  private toDto(row: CertificateRow): Certificate {
    return {
      id: row.id,
      eventId: row.eventId,
      registrationId: row.registrationId,
      shortCode: row.shortCode,
      verificationCode: row.verificationCode,
      verificationUrl: this.verificationUrl(row.verificationCode),
      holderName: this.holderName(row),
      credits: { type: row.creditType, value: row.creditValue },
      issuedAt: row.issuedAt.toISOString(),
      expiresAt: row.expiresAt?.toISOString() ?? null,
      status: statusOf(row, new Date()),
      revocation:
        row.status === 'revoked' && row.revokedAt
          ? { at: row.revokedAt.toISOString(), reason: row.revokedReason ?? '', by: row.revokedBy }
          : null,
      supersededBy: row.supersededBy,
      pdfReady: row.pdfKey !== null,
    };
  }
}

const CursorParts = z.tuple([cursorInstant, cursorUuid]);

function skipReason(
  r: { status: string; eligible: boolean } | undefined,
  current: 'valid' | 'revoked' | undefined,
): CertificateSkipReason | null {
  if (!r) return 'unknown_registration';
  if (r.status === 'cancelled' || r.status === 'declined') return 'cancelled';
  if (r.status !== 'confirmed') return 'not_confirmed';
  if (current === 'valid') return 'already_certified';
  if (current === 'revoked') return 'revoked';
  if (!r.eligible) return 'not_eligible';
  return null;
}

/** Revoked, else superseded, else expired, else valid. */
export function statusOf(
  row: Pick<CertificateRow, 'status' | 'supersededAt' | 'expiresAt'>,
  now: Date,
): CertificateStatus {
  if (row.status === 'revoked') return 'revoked';
  if (row.supersededAt) return 'superseded';
  if (row.expiresAt && row.expiresAt <= now) return 'expired';
  return 'valid';
}

function statusIs(status: CertificateStatus, now: Date): SQL | undefined {
  const live = and(eq(certificates.status, 'valid'), isNull(certificates.supersededAt));
  switch (status) {
    case 'revoked':
      return eq(certificates.status, 'revoked');
    case 'superseded':
      return and(eq(certificates.status, 'valid'), isNotNull(certificates.supersededAt));
    case 'expired':
      return and(live, lte(certificates.expiresAt, now));
    case 'valid':
      return and(live, or(isNull(certificates.expiresAt), gt(certificates.expiresAt, now)));
  }
}

/** `months` calendar months after `from` (UTC), on the last day of a shorter month. */
export function addMonths(from: Date, months: number): Date {
  const d = new Date(from);
  const day = d.getUTCDate();
  d.setUTCDate(1);
  d.setUTCMonth(d.getUTCMonth() + months);
  const last = new Date(Date.UTC(d.getUTCFullYear(), d.getUTCMonth() + 1, 0)).getUTCDate();
  d.setUTCDate(Math.min(day, last));
  return d;
}

function sha256(data: Buffer): string {
  return createHash('sha256').update(data).digest('hex');
}

/** The long code of the verification link a certificate PDF carries in its keywords; null when it has none. */
async function codeInPdf(pdf: Buffer): Promise<string | null> {
  if (pdf.subarray(0, 5).toString('latin1') !== '%PDF-') return null;
  try {
    const doc = await PDFDocument.load(pdf, { updateMetadata: false, throwOnInvalidObject: false });
    const match = /\/verify\/([A-Za-z0-9_-]{22})\b/.exec(doc.getKeywords() ?? '');
    return match?.[1] ?? null;
  } catch {
    return null;
  }
}

function isShortCodeCollision(err: unknown): boolean {
  const e = err as { code?: string; constraint?: string; cause?: { code?: string; constraint?: string } };
  const c = e.cause ?? e;
  return c.code === '23505' && c.constraint === 'certificates_short_code_idx';
}

function batchDto(row: BatchRow): CertificateBatch {
  return {
    id: row.id,
    eventId: row.eventId,
    state: row.state,
    requestedCount: row.requestedCount,
    issuedCount: row.issuedCount,
    skippedCount: row.skippedCount,
    renderedCount: row.renderedCount,
    progress: row.issuedCount === 0 ? 1 : Math.min(1, row.renderedCount / row.issuedCount),
    createdAt: row.createdAt.toISOString(),
    completedAt: row.completedAt?.toISOString() ?? null,
  };
}
