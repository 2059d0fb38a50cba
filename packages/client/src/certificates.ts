import {
  Certificate,
  CertificateBatch,
  type CertificateStatus,
  CertificateVerification,
  type IssueCertificatesBody,
  IssueCertificatesResult,
  items,
  MyCertificate,
  page,
} from '@foyer/contracts';
import { type HttpOptions, request } from './http.ts';

const CertificatePage = page(Certificate);
const event = (eventId: string) => `/api/v1/events/${encodeURIComponent(eventId)}`;
const certificate = (id: string) => `/api/v1/certificates/${encodeURIComponent(id)}`;

/** Certificates: issuing and managing them (organisers), and verifying a code (anyone). */
export function certificatesApi(options: HttpOptions) {
  return {
    /** Issues to the eligible ones among `registrationIds`, or all; `idempotencyKey` makes a retry safe. */
    issue: (eventId: string, body: IssueCertificatesBody, idempotencyKey?: string) =>
      request(options, `${event(eventId)}/certificates/issue`, {
        method: 'POST',
        body,
        schema: IssueCertificatesResult,
        ...(idempotencyKey ? { headers: { 'idempotency-key': idempotencyKey } } : {}),
      }),
    /** The event's certificates, oldest first; pass `nextCursor` back as `cursor`. */
    list: (
      eventId: string,
      query: { status?: CertificateStatus; cursor?: string; limit?: number } = {},
      signal?: AbortSignal,
    ) => request(options, `${event(eventId)}/certificates`, { schema: CertificatePage, query: { ...query }, signal }),
    /** An issue batch and how far its PDFs are rendered. */
    batch: (eventId: string, batchId: string, signal?: AbortSignal) =>
      request(options, `${event(eventId)}/certificates/batches/${encodeURIComponent(batchId)}`, {
        schema: CertificateBatch,
        signal,
      }),
    get: (id: string, signal?: AbortSignal) => request(options, certificate(id), { schema: Certificate, signal }),
    revoke: (id: string, reason: string) =>
      request(options, `${certificate(id)}/revoke`, { method: 'POST', body: { reason }, schema: Certificate }),
    /** Replaces it with a new one (a corrected name); the old one stays on record as superseded. */
    reissue: (id: string, body: { reason: string; holderName?: string }) =>
      request(options, `${certificate(id)}/reissue`, { method: 'POST', body, schema: Certificate }),
    /** The signed-in attendee's own certificates. */
    mine: (signal?: AbortSignal) =>
      request(options, '/api/v1/me/certificates', { schema: items(MyCertificate), signal }),
    /** Public: what a long or short code certifies, and whether it is valid. */
    verify: (code: string, signal?: AbortSignal) =>
      request(options, `/api/v1/certificates/verify/${encodeURIComponent(code)}`, {
        schema: CertificateVerification,
        signal,
        anonymous: true,
      }),
  };
}
