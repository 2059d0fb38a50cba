import { eq, sql } from 'drizzle-orm';
import type { Executor } from '../../platform/db/database.ts';
import type { FileStorage } from '../../platform/storage/file-storage.ts';
import { type CertificateContent, layOutCertificate } from './certificate-pdf.ts';
import type { CertificatesService } from './certificates-service.ts';
import { certificateBatches, certificates } from './schema.ts';

/** Signs a laid-out certificate with its organization's key (see certificate-signing.ts). */
export interface PdfSigner {
  sign(tx: Executor, organizationId: string, doc: Awaited<ReturnType<typeof layOutCertificate>>): Promise<Buffer>;
}

/** Where a certificate's PDF is kept in file storage. */
export function pdfKeyOf(organizationId: string, certificateId: string): string {
  return `certificates/${organizationId}/${certificateId}.pdf`;
}

/**
 * Renders one certificate's PDF, stores it and counts it in its batch:
 * the work of one job (the durable handler of `certificate.issued`), in
 * that job's transaction. Rendering again overwrites the same key, so a
 * retried job leaves one file; a certificate already rendered is left alone.
 */
export class CertificateRendering {
  constructor(
    private readonly storage: FileStorage,
    private readonly certificates: CertificatesService,
    private readonly signer: PdfSigner | null,
  ) {}

  /** Renders the certificate (unless it has its PDF already); answers whether it did. */
  async render(tx: Executor, certificateId: string): Promise<boolean> {
    const [row] = await tx.select().from(certificates).where(eq(certificates.id, certificateId)).for('update');
    if (!row || row.pdfKey) return false;
    const content: CertificateContent = {
      holderName: this.certificates.holderName(row),
      eventName: row.snapshot.eventName,
      eventStartsAt: new Date(row.snapshot.eventStartsAt),
      eventEndsAt: new Date(row.snapshot.eventEndsAt),
      timezone: row.snapshot.timezone,
      issuer: row.snapshot.issuer,
      creditType: row.snapshot.creditType,
      creditValue: row.snapshot.creditValue,
      shortCode: row.shortCode,
      verificationUrl: this.certificates.verificationUrl(row.verificationCode),
      issuedAt: row.issuedAt,
      expiresAt: row.expiresAt,
    };
    const doc = await layOutCertificate(content);
    const bytes = this.signer
      ? await this.signer.sign(tx, row.organizationId, doc)
      : Buffer.from(await doc.save({ useObjectStreams: false }));
    const key = pdfKeyOf(row.organizationId, row.id);
    await this.storage.put(key, bytes, { contentType: 'application/pdf' });
    await tx.update(certificates).set({ pdfKey: key, pdfRenderedAt: new Date() }).where(eq(certificates.id, row.id));
    if (row.batchId) {
      await tx
        .update(certificateBatches)
        .set({
          renderedCount: sql`${certificateBatches.renderedCount} + 1`,
          state: sql`case when ${certificateBatches.renderedCount} + 1 >= ${certificateBatches.issuedCount} then 'done' else 'rendering' end`,
          completedAt: sql`case when ${certificateBatches.renderedCount} + 1 >= ${certificateBatches.issuedCount} then now() else null end`,
        })
        .where(eq(certificateBatches.id, row.batchId));
    }
    return true;
  }
}
