import { CreateTagBody, items, ReplaceTagsBody, Tag } from '@foyer/contracts';
import type { FastifyInstance } from 'fastify';
import { z } from 'zod';
import { orgParam } from '../../platform/auth/request-context.ts';
import type { CatalogServices } from './module.ts';
import { EventParams, OrgParams, programmeRouteKit } from './programme-route-kit.ts';

/** The organization's tags, and which of them an event carries. */
export function registerTagsRoutes(app: FastifyInstance, services: CatalogServices): void {
  const { s, r, by, eventManage, tagOrg } = programmeRouteKit(app, services);
  const tagTags = ['tags'];
  r.post(
    '/api/v1/orgs/:orgId/tags',
    {
      config: { access: { action: 'catalog.manage', organizationId: orgParam } },
      schema: {
        tags: tagTags,
        summary: 'Add a tag (names unique in the organization, regardless of case)',
        params: OrgParams,
        body: CreateTagBody,
        response: { 201: Tag },
      },
    },
    async (request, reply) =>
      reply.status(201).send(await s.tags.create(request.params.orgId, request.body.name, by(request))),
  );
  r.get(
    '/api/v1/orgs/:orgId/tags',
    {
      config: { access: { action: 'catalog.read', organizationId: orgParam } },
      schema: {
        tags: tagTags,
        summary: 'The organization’s tags, by name',
        params: OrgParams,
        response: { 200: items(Tag) },
      },
    },
    async (request) => ({ items: await s.tags.list(request.params.orgId) }),
  );
  r.delete(
    '/api/v1/tags/:tagId',
    {
      config: { access: { action: 'catalog.manage', organizationId: tagOrg } },
      schema: {
        tags: tagTags,
        summary: 'Delete a tag (taken off every event and session)',
        params: z.object({ tagId: z.uuid() }),
      },
    },
    async (request, reply) => {
      await s.tags.delete(request.params.tagId, by(request));
      return reply.status(204).send();
    },
  );
  r.put(
    '/api/v1/events/:eventId/tags',
    {
      config: { access: eventManage },
      schema: {
        tags: tagTags,
        summary: 'Replace the event’s tags',
        params: EventParams,
        body: ReplaceTagsBody,
        response: { 200: items(Tag) },
      },
    },
    async (request) => ({
      items: await s.tags.replaceForEvent(request.params.eventId, request.body.tagIds, by(request)),
    }),
  );
}
