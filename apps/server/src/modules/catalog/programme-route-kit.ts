import type { FastifyInstance, FastifyRequest } from 'fastify';
import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import { z } from 'zod';
import { auditActorOf } from '../../platform/auth/actor.ts';
import { eventParam, requestMeta } from '../../platform/auth/request-context.ts';
import type { CatalogServices } from './module.ts';

export const EventParams = z.object({ eventId: z.uuid() });
export const OrgParams = z.object({ orgId: z.uuid() });
export const SessionParams = z.object({ sessionId: z.uuid() });
export const PersonParams = z.object({ personId: z.uuid() });
export const LocationParams = z.object({ locationId: z.uuid() });
export const param = (request: FastifyRequest, name: string) => (request.params as Record<string, string>)[name]!;

/**
 * What every programme route file needs: the services, the typed router,
 * the audit actor of a request, and how the access gate finds the event of
 * a session or person and the organization of a location or tag.
 */
export function programmeRouteKit(app: FastifyInstance, s: CatalogServices) {
  return {
    s,
    r: app.withTypeProvider<ZodTypeProvider>(),
    by: (request: FastifyRequest) => auditActorOf(request.actor, requestMeta(request)),
    eventManage: { action: 'event.manage' as const, eventId: eventParam },
    sessionEvent: (request: FastifyRequest) => s.sessions.eventIdOf(param(request, 'sessionId')),
    personEvent: (request: FastifyRequest) => s.people.eventIdOf(param(request, 'personId')),
    locationOrg: (request: FastifyRequest) => s.locations.organizationOf(param(request, 'locationId')),
    tagOrg: (request: FastifyRequest) => s.tags.organizationOf(param(request, 'tagId')),
  };
}
