import { items, Link, ReplaceLinksBody } from '@foyer/contracts';
import type { FastifyInstance } from 'fastify';
import type { CatalogServices } from './module.ts';
import { EventParams, LocationParams, PersonParams, programmeRouteKit } from './programme-route-kit.ts';

/** Links of events, people and locations (each set replaced at once). */
export function registerLinksRoutes(app: FastifyInstance, services: CatalogServices): void {
  const { s, r, by, eventManage, personEvent, locationOrg } = programmeRouteKit(app, services);
  const linkTags = ['links'];
  const linksResponse = { 200: items(Link) };
  r.put(
    '/api/v1/events/:eventId/links',
    {
      config: { access: eventManage },
      schema: {
        tags: linkTags,
        summary: 'Replace the event’s links',
        params: EventParams,
        body: ReplaceLinksBody,
        response: linksResponse,
      },
    },
    async (request) => ({
      items: await s.links.replace('event', request.params.eventId, request.body.links, by(request)),
    }),
  );
  r.put(
    '/api/v1/people/:personId/links',
    {
      config: { access: { action: 'event.manage', eventId: personEvent } },
      schema: {
        tags: linkTags,
        summary: 'Replace a person’s links',
        params: PersonParams,
        body: ReplaceLinksBody,
        response: linksResponse,
      },
    },
    async (request) => ({
      items: await s.links.replace('person', request.params.personId, request.body.links, by(request)),
    }),
  );
  r.put(
    '/api/v1/locations/:locationId/links',
    {
      config: { access: { action: 'catalog.manage', organizationId: locationOrg } },
      schema: {
        tags: linkTags,
        summary: 'Replace a location’s links',
        params: LocationParams,
        body: ReplaceLinksBody,
        response: linksResponse,
      },
    },
    async (request) => ({
      items: await s.links.replace('location', request.params.locationId, request.body.links, by(request)),
    }),
  );
}
