import { CreateLocationBody, items, Location, UpdateLocationBody } from '@foyer/contracts';
import type { FastifyInstance } from 'fastify';
import { orgParam } from '../../platform/auth/request-context.ts';
import type { CatalogServices } from './module.ts';
import { LocationParams, OrgParams, programmeRouteKit } from './programme-route-kit.ts';

/** The organization's locations, reused across its events. */
export function registerLocationsRoutes(app: FastifyInstance, services: CatalogServices): void {
  const { s, r, by, locationOrg } = programmeRouteKit(app, services);
  const locationTags = ['locations'];
  r.post(
    '/api/v1/orgs/:orgId/locations',
    {
      config: { access: { action: 'catalog.manage', organizationId: orgParam } },
      schema: {
        tags: locationTags,
        summary: 'Add a location (with its place) to the organization',
        params: OrgParams,
        body: CreateLocationBody,
        response: { 201: Location },
      },
    },
    async (request, reply) =>
      reply.status(201).send(await s.locations.create(request.params.orgId, request.body, by(request))),
  );
  r.get(
    '/api/v1/orgs/:orgId/locations',
    {
      config: { access: { action: 'catalog.read', organizationId: orgParam } },
      schema: {
        tags: locationTags,
        summary: 'The organization’s locations, by name',
        params: OrgParams,
        response: { 200: items(Location) },
      },
    },
    async (request) => ({ items: await s.locations.list(request.params.orgId) }),
  );
  r.get(
    '/api/v1/locations/:locationId',
    {
      config: { access: { action: 'catalog.read', organizationId: locationOrg } },
      schema: { tags: locationTags, summary: 'One location', params: LocationParams, response: { 200: Location } },
    },
    async (request) => s.locations.get(request.params.locationId),
  );
  r.patch(
    '/api/v1/locations/:locationId',
    {
      config: { access: { action: 'catalog.manage', organizationId: locationOrg } },
      schema: {
        tags: locationTags,
        summary: 'Edit a location; place fields given replace those stored',
        params: LocationParams,
        body: UpdateLocationBody,
        response: { 200: Location },
      },
    },
    async (request) => s.locations.update(request.params.locationId, request.body, by(request)),
  );
  r.delete(
    '/api/v1/locations/:locationId',
    {
      config: { access: { action: 'catalog.manage', organizationId: locationOrg } },
      schema: {
        tags: locationTags,
        summary: 'Delete a location (its sessions keep going without one)',
        params: LocationParams,
      },
    },
    async (request, reply) => {
      await s.locations.delete(request.params.locationId, by(request));
      return reply.status(204).send();
    },
  );
}
