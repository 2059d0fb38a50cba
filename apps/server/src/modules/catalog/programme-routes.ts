import {
  CreateLocationBody,
  CreatePersonBody,
  CreateSessionBody,
  CreateTagBody,
  Link,
  Location,
  Person,
  ReplaceLinksBody,
  ReplaceTagsBody,
  Session,
  Tag,
  UpdateLocationBody,
  UpdatePersonBody,
  UpdateSessionBody,
} from '@foyer/contracts';
import type { FastifyInstance, FastifyRequest } from 'fastify';
import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import { z } from 'zod';
import { auditActorOf } from '../../platform/auth/actor.ts';
import { eventParam, orgParam, requestMeta } from '../../platform/auth/request-context.ts';
import type { Platform } from '../../platform/platform.ts';
import { servicesOf } from '../services.ts';

const by = (request: FastifyRequest) => auditActorOf(request.actor, requestMeta(request));
const EventParams = z.object({ eventId: z.uuid() });
const OrgParams = z.object({ orgId: z.uuid() });
const SessionParams = z.object({ sessionId: z.uuid() });
const PersonParams = z.object({ personId: z.uuid() });
const LocationParams = z.object({ locationId: z.uuid() });
const items = <T extends z.ZodType>(item: T) => z.object({ items: z.array(item) });
const param = (request: FastifyRequest, name: string) => (request.params as Record<string, string>)[name]!;

/**
 * Organiser API of an event's programme — sessions, people — and of the
 * organization's locations and tags, plus links. Thin routes; the access
 * gate finds the event of a session or person, and the organization of a
 * location or tag, through the services.
 */
export function registerProgrammeRoutes(app: FastifyInstance, platform: Platform): void {
  const s = servicesOf(platform);
  const r = app.withTypeProvider<ZodTypeProvider>();
  const eventRead = { action: 'event.read' as const, eventId: eventParam };
  const eventManage = { action: 'event.manage' as const, eventId: eventParam };
  const sessionEvent = (request: FastifyRequest) => s.sessions.eventIdOf(param(request, 'sessionId'));
  const personEvent = (request: FastifyRequest) => s.people.eventIdOf(param(request, 'personId'));
  const locationOrg = (request: FastifyRequest) => s.locations.organizationOf(param(request, 'locationId'));
  const tagOrg = (request: FastifyRequest) => s.tags.organizationOf(param(request, 'tagId'));

  // ── Sessions ──
  const sessionTags = ['sessions'];
  r.post(
    '/api/v1/events/:eventId/sessions',
    {
      config: { access: eventManage },
      schema: {
        tags: sessionTags,
        summary: 'Add a session to the event (times inside the event)',
        params: EventParams,
        body: CreateSessionBody,
        response: { 201: Session },
      },
    },
    async (request, reply) =>
      reply.status(201).send(await s.sessions.create(request.params.eventId, request.body, by(request))),
  );
  r.get(
    '/api/v1/events/:eventId/sessions',
    {
      config: { access: eventRead },
      schema: {
        tags: sessionTags,
        summary: 'Every session of the event, by start (unscheduled last)',
        params: EventParams,
        response: { 200: items(Session) },
      },
    },
    async (request) => ({ items: await s.sessions.list(request.params.eventId) }),
  );
  r.get(
    '/api/v1/sessions/:sessionId',
    {
      config: { access: { action: 'event.read', eventId: sessionEvent } },
      schema: { tags: sessionTags, summary: 'One session', params: SessionParams, response: { 200: Session } },
    },
    async (request) => s.sessions.get(request.params.sessionId),
  );
  r.patch(
    '/api/v1/sessions/:sessionId',
    {
      config: { access: { action: 'event.manage', eventId: sessionEvent } },
      schema: {
        tags: sessionTags,
        summary: 'Edit a session; personIds and tagIds, when given, replace the sets',
        params: SessionParams,
        body: UpdateSessionBody,
        response: { 200: Session },
      },
    },
    async (request) => s.sessions.update(request.params.sessionId, request.body, by(request)),
  );
  r.delete(
    '/api/v1/sessions/:sessionId',
    {
      config: { access: { action: 'event.manage', eventId: sessionEvent } },
      schema: { tags: sessionTags, summary: 'Delete a session', params: SessionParams },
    },
    async (request, reply) => {
      await s.sessions.delete(request.params.sessionId, by(request));
      return reply.status(204).send();
    },
  );

  // ── People ──
  const peopleTags = ['people'];
  r.post(
    '/api/v1/events/:eventId/people',
    {
      config: { access: eventManage },
      schema: {
        tags: peopleTags,
        summary: 'Add a person (speaker, artist, facilitator) to the event',
        params: EventParams,
        body: CreatePersonBody,
        response: { 201: Person },
      },
    },
    async (request, reply) =>
      reply.status(201).send(await s.people.create(request.params.eventId, request.body, by(request))),
  );
  r.get(
    '/api/v1/events/:eventId/people',
    {
      config: { access: eventRead },
      schema: {
        tags: peopleTags,
        summary: 'The people of the event, in their order',
        params: EventParams,
        response: { 200: items(Person) },
      },
    },
    async (request) => ({ items: await s.people.list(request.params.eventId) }),
  );
  r.get(
    '/api/v1/people/:personId',
    {
      config: { access: { action: 'event.read', eventId: personEvent } },
      schema: { tags: peopleTags, summary: 'One person with links', params: PersonParams, response: { 200: Person } },
    },
    async (request) => s.people.get(request.params.personId),
  );
  r.patch(
    '/api/v1/people/:personId',
    {
      config: { access: { action: 'event.manage', eventId: personEvent } },
      schema: {
        tags: peopleTags,
        summary: 'Edit a person',
        params: PersonParams,
        body: UpdatePersonBody,
        response: { 200: Person },
      },
    },
    async (request) => s.people.update(request.params.personId, request.body, by(request)),
  );
  r.delete(
    '/api/v1/people/:personId',
    {
      config: { access: { action: 'event.manage', eventId: personEvent } },
      schema: { tags: peopleTags, summary: 'Delete a person (taken off every session)', params: PersonParams },
    },
    async (request, reply) => {
      await s.people.delete(request.params.personId, by(request));
      return reply.status(204).send();
    },
  );

  // ── Locations ──
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

  // ── Tags ──
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

  // ── Links ──
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
