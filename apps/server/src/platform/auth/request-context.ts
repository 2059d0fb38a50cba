import type { FastifyRequest } from 'fastify';
import { AppError } from '../http/problem.ts';
import type { Platform } from '../platform.ts';
import type { UserActor } from './actor.ts';
import { type Action, decide } from './policy.ts';

/** Where a request came from, for sessions and the audit log. */
/** Where a request came from, as recorded with sessions and audit entries. */
export interface RequestMeta {
  ip: string | null;
  userAgent: string | null;
}

export function requestMeta(request: FastifyRequest): RequestMeta {
  return { ip: request.ip ?? null, userAgent: request.headers['user-agent']?.slice(0, 400) ?? null };
}

/** The signed-in user of a route whose policy admits users only. */
export function userOf(request: FastifyRequest): UserActor {
  if (request.actor.kind !== 'user') throw new AppError('FORBIDDEN', 403, 'This needs a signed-in user.');
  return request.actor;
}

/** The organization id in the route's path, for access rules. */
export const orgParam = (request: FastifyRequest): string | undefined => (request.params as { orgId?: string }).orgId;

/** A per-IP limit for a public route; answers 429 with Retry-After when exceeded. */
export async function limitByIp(
  platform: Platform,
  ip: string,
  name: string,
  max: number,
  windowSeconds: number,
): Promise<void> {
  const decision = await platform.rateLimiter.consume(`${name}:ip:${ip}`, max, windowSeconds);
  if (!decision.allowed) {
    throw new AppError('RATE_LIMITED', 429, 'Too many requests. Try again later.', undefined, {
      'retry-after': String(decision.retryAfter),
    });
  }
}

/** The event id in the route's path, for access rules. */
export const eventParam = (request: FastifyRequest): string | undefined =>
  (request.params as { eventId?: string }).eventId;

/**
 * Whether the request's actor may also do `action` on what the route is
 * about (as the gate found it), e.g. a public route answering members more.
 */
export function mayAlso(request: FastifyRequest, action: Action): boolean {
  const scope = request.accessScope;
  if (!scope) return false;
  return (
    decide(
      request.actor,
      action,
      {
        organizationId: scope.organizationId,
        actorRunsEvent: scope.actorRunsEvent,
        eventIsPublic: scope.eventIsPublic,
      },
      scope.role,
    ) === 'allow'
  );
}
