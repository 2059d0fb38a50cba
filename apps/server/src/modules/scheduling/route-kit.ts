import type { FastifyInstance, FastifyRequest } from 'fastify';
import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import { z } from 'zod';
import { auditActorOf } from '../../platform/auth/actor.ts';
import { requestMeta } from '../../platform/auth/request-context.ts';
import { invalidField } from './scheduling-errors.ts';

export const OrgParams = z.object({ orgId: z.uuid() });
export const ResourceParams = z.object({ resourceId: z.uuid() });
export const LayoutParams = z.object({ layoutId: z.uuid() });
export const ProjectParams = z.object({ projectId: z.uuid() });
export const BookingParams = z.object({ bookingId: z.uuid() });
export const SessionParams = z.object({ sessionId: z.uuid() });

export const param = (request: FastifyRequest, name: string) => (request.params as Record<string, string>)[name]!;
export const typed = (app: FastifyInstance) => app.withTypeProvider<ZodTypeProvider>();
export const by = (request: FastifyRequest) => auditActorOf(request.actor, requestMeta(request));

/**
 * The version an edit was made on: `If-Match: "7"` (the ETag of a read)
 * or the body's `version`; undefined when neither is given (last write wins).
 */
export function expectedVersion(request: FastifyRequest, bodyVersion?: number): number | undefined {
  const header = request.headers['if-match'];
  if (header === undefined || header === '*') return bodyVersion;
  const match = /^(?:W\/)?"(\d+)"$/.exec(String(header).trim());
  if (!match) throw invalidField('If-Match', 'must be the ETag of a read, e.g. "3"', 'invalid_etag');
  return Number(match[1]);
}

/** Comma-separated ids of a query string, each a UUID. */
export function idList(value: string | undefined, field: string): string[] | undefined {
  if (value === undefined || value === '') return undefined;
  const ids = value
    .split(',')
    .map((s) => s.trim())
    .filter(Boolean);
  const uuid = z.uuid();
  if (ids.some((id) => !uuid.safeParse(id).success))
    throw invalidField(field, 'must be comma-separated resource ids', 'invalid_id');
  return ids;
}
