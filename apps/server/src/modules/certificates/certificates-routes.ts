import {
  Certificate,
  CertificateBatch,
  CertificateCode,
  CertificateListQuery,
  CertificatePdfCheck,
  CertificateVerification,
  IssueCertificatesBody,
  IssueCertificatesResult,
  items,
  MyCertificate,
  page,
  ReissueCertificateBody,
  RevokeCertificateBody,
} from '@foyer/contracts';
import type { FastifyInstance, FastifyRequest } from 'fastify';
import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import { z } from 'zod';
import { auditActorOf } from '../../platform/auth/actor.ts';
import { eventParam, limitByIp, mayAlso, requestMeta, userOf } from '../../platform/auth/request-context.ts';
import { idempotencyKeyOf } from '../../platform/http/idempotency-key.ts';
import { AppError } from '../../platform/http/problem.ts';
import type { Platform } from '../../platform/platform.ts';
import { sendStored } from '../../platform/storage/send-stored.ts';
import type { CertificatesServices } from './module.ts';

const tags = ['certificates'];
const EventParams = z.object({ eventId: z.uuid() });
const BatchParams = z.object({ eventId: z.uuid(), batchId: z.uuid() });
const CertificateParams = z.object({ certificateId: z.uuid() });
/** Verifications per client address and minute: plenty for people, too few to try codes. */
const VERIFY_PER_MINUTE = 30;
/** Largest PDF the check takes (a certificate is ~40 kB). */
const MAX_PDF_BYTES = 2 * 1024 * 1024;
const by = (request: FastifyRequest) => auditActorOf(request.actor, requestMeta(request));

/** Issuing, listing, downloading, verifying, revoking and re-issuing certificates. */
export async function registerCertificatesRoutes(
  app: FastifyInstance,
  platform: Platform,
  s: CertificatesServices,
): Promise<void> {
  const r = app.withTypeProvider<ZodTypeProvider>();
  const certificateEvent = (request: FastifyRequest) =>
    s.certificates.eventIdOf((request.params as { certificateId: string }).certificateId);

  r.post(
    '/api/v1/events/:eventId/certificates/issue',
    {
      config: { access: { action: 'registration.manage', eventId: eventParam } },
      schema: {
        tags,
        summary: 'Issue certificates to eligible registrations (the given ones, or all)',
        description:
          'Eligible: confirmed, and eligible by the event’s attendance rule or an organiser’s override. Others ' +
          'are skipped with a reason (unknown_registration, cancelled, not_confirmed, not_eligible, ' +
          'already_certified, revoked). PDFs are rendered by jobs afterwards; follow `batchId`. With an ' +
          'Idempotency-Key header (1–200 visible ASCII characters) a repeated request answers the first ' +
          'result, marked `Idempotent-Replayed: true`; the same key with another body is refused with ' +
          'IDEMPOTENCY_KEY_REUSED (422). CERTIFICATES_DISABLED (409) unless the event’s CPD settings enable them.',
        params: EventParams,
        body: IssueCertificatesBody,
        response: { 200: IssueCertificatesResult },
      },
    },
    async (request, reply) => {
      const key = idempotencyKeyOf(request);
      const { result, replayed } = await s.certificates.issue(request.params.eventId, request.body, by(request), key);
      if (replayed) reply.header('idempotent-replayed', 'true');
      return result;
    },
  );
  r.get(
    '/api/v1/events/:eventId/certificates',
    {
      config: { access: { action: 'registration.read', eventId: eventParam } },
      schema: {
        tags,
        summary: 'The event’s certificates, oldest first (valid, expired, revoked, superseded)',
        params: EventParams,
        querystring: CertificateListQuery,
        response: { 200: page(Certificate) },
      },
    },
    async (request) => s.certificates.list(request.params.eventId, request.query),
  );
  r.get(
    '/api/v1/events/:eventId/certificates/batches/:batchId',
    {
      config: { access: { action: 'registration.read', eventId: eventParam } },
      schema: {
        tags,
        summary: 'An issue batch: counts, and how many PDFs are rendered',
        params: BatchParams,
        response: { 200: CertificateBatch },
      },
    },
    async (request) => s.certificates.batch(request.params.eventId, request.params.batchId),
  );
  r.get(
    '/api/v1/me/certificates',
    {
      config: { access: { action: 'account.read' } },
      schema: {
        tags,
        summary: 'Your certificates (of your registrations), newest first; download each from …/pdf',
        description: 'Replaced (superseded) certificates are left out; revoked and expired ones are listed as such.',
        response: { 200: items(MyCertificate) },
      },
    },
    async (request) => ({ items: await s.certificates.mine(userOf(request).userId) }),
  );
  r.get(
    '/api/v1/certificates/verify/:code',
    {
      config: { access: 'public' },
      schema: {
        tags,
        summary: 'Verify a certificate by its long code or short code (public)',
        description:
          'The short code in any case, dashes and spaces ignored. Answers holder, event, issuer, credits, dates ' +
          `and status (valid, expired, revoked with reason, superseded); unknown codes 404. At most ` +
          `${VERIFY_PER_MINUTE} a minute per client address (429 with Retry-After).`,
        params: z.object({ code: CertificateCode }),
        response: { 200: CertificateVerification },
      },
    },
    async (request, reply) => {
      await limitByIp(platform, request.ip, 'certificate-verify', VERIFY_PER_MINUTE, 60);
      reply.header('cache-control', 'no-store');
      return s.certificates.verify(request.params.code);
    },
  );
  // Its own scope: the PDF body parser applies to this route only.
  await app.register(async (scope) => {
    scope.addContentTypeParser('application/pdf', { parseAs: 'buffer' }, (_request, body, done) => done(null, body));
    scope.withTypeProvider<ZodTypeProvider>().post(
      '/api/v1/certificates/check-pdf',
      {
        config: { access: 'public' },
        bodyLimit: MAX_PDF_BYTES,
        schema: {
          tags,
          summary: 'Check a certificate PDF (public): is it byte for byte the file that was issued?',
          description:
            'Send the file as `application/pdf` (at most 2 MB). `authentic`: identical to the issued file; ' +
            '`modified`: it names a certificate of this instance but differs from the issued file (any change ' +
            'breaks its signature too); `unknown`: it names none. With the certificate’s current verification. ' +
            `Rate limited with verification (${VERIFY_PER_MINUTE} a minute per client address).`,
          consumes: ['application/pdf'],
          response: { 200: CertificatePdfCheck },
        },
      },
      async (request, reply) => {
        await limitByIp(platform, request.ip, 'certificate-verify', VERIFY_PER_MINUTE, 60);
        reply.header('cache-control', 'no-store');
        const mediaType = String(request.headers['content-type'] ?? '')
          .split(';')[0]!
          .trim()
          .toLowerCase();
        if (mediaType !== 'application/pdf') {
          throw new AppError('UNSUPPORTED_MEDIA_TYPE', 415, 'Send the file as application/pdf.');
        }
        const body = request.body;
        if (!Buffer.isBuffer(body) || body.length === 0) {
          throw new AppError('VALIDATION_FAILED', 422, 'Send the PDF file as the request body.', [
            { field: 'body', message: 'must be a PDF file', code: 'required' },
          ]);
        }
        return s.certificates.checkPdf(body);
      },
    );
  });
  r.get(
    '/api/v1/certificates/:certificateId',
    {
      config: { access: { action: 'registration.read', eventId: certificateEvent } },
      schema: { tags, summary: 'One certificate', params: CertificateParams, response: { 200: Certificate } },
    },
    async (request) => s.certificates.get(request.params.certificateId),
  );
  r.get(
    '/api/v1/certificates/:certificateId/pdf',
    {
      config: { access: { action: 'certificate.download', eventId: certificateEvent } },
      schema: {
        tags,
        summary: 'The certificate’s PDF (its holder, or whoever may read the event’s registrations)',
        description: 'NOT_READY (409, Retry-After) while its job has not rendered it yet.',
        params: CertificateParams,
      },
    },
    async (request, reply) => {
      const { certificateId } = request.params;
      const holder = await s.certificates.holderAndPdf(certificateId);
      const isHolder = request.actor.kind === 'user' && holder.userId === request.actor.userId;
      if (!isHolder && !mayAlso(request, 'registration.read')) {
        throw new AppError('FORBIDDEN', 403, 'Only the holder or an organiser of the event can download it.');
      }
      if (!holder.pdfKey) {
        throw new AppError('NOT_READY', 409, 'The PDF is being rendered. Try again shortly.', undefined, {
          'retry-after': '2',
        });
      }
      reply
        .header('cache-control', 'private, no-store')
        .header('content-disposition', `attachment; filename="certificate-${holder.shortCode}.pdf"`);
      return sendStored(request, reply, platform.storage, holder.pdfKey, { contentType: 'application/pdf' });
    },
  );
  r.post(
    '/api/v1/certificates/:certificateId/revoke',
    {
      config: { access: { action: 'registration.manage', eventId: certificateEvent } },
      schema: {
        tags,
        summary: 'Revoke a certificate, with a reason (audited; it stays on record and verifies as revoked)',
        params: CertificateParams,
        body: RevokeCertificateBody,
        response: { 200: Certificate },
      },
    },
    async (request) => s.certificates.revoke(request.params.certificateId, request.body.reason, by(request)),
  );
  r.post(
    '/api/v1/certificates/:certificateId/reissue',
    {
      config: { access: { action: 'registration.manage', eventId: certificateEvent } },
      schema: {
        tags,
        summary: 'Replace a certificate after a correction (the old one stays on record as superseded)',
        params: CertificateParams,
        body: ReissueCertificateBody,
        response: { 201: Certificate },
      },
    },
    async (request, reply) =>
      reply.status(201).send(await s.certificates.reissue(request.params.certificateId, request.body, by(request))),
  );
}
