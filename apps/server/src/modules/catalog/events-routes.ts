import {
  AssignOrganizerBody,
  ChangeEventStatusBody,
  CreateEventBody,
  DuplicateEventBody,
  Event,
  EventListQuery,
  EventOrganizer,
  EventStatusChange,
  items,
  page,
  UpdateEventBody,
  UpdateOrganizerBody,
} from '@foyer/contracts';
import type { FastifyInstance, FastifyRequest } from 'fastify';
import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import { z } from 'zod';
import { auditActorOf } from '../../platform/auth/actor.ts';
import { eventParam, orgParam, requestMeta } from '../../platform/auth/request-context.ts';
import { EventRefParams, eventIdOf, eventRefResolver } from './event-path.ts';
import type { CatalogServices } from './module.ts';

const tags = ['events'];
const EventParams = z.object({ eventId: z.uuid() });
const by = (request: FastifyRequest) => auditActorOf(request.actor, requestMeta(request));

/** Organiser API of events: thin routes over the events and event-organizers services. */
export function registerEventRoutes(app: FastifyInstance, s: CatalogServices): void {
  const { events, eventDuplication, eventOrganizers } = s;
  const r = app.withTypeProvider<ZodTypeProvider>();
  const manage = { action: 'event.manage' as const, eventId: eventParam };
  // Organizer routes name the event by id or `orgSlug/eventSlug`; the gate resolves it, same policy.
  const eventRef = eventRefResolver(events);

  r.post(
    '/api/v1/orgs/:orgId/events',
    {
      config: { access: { action: 'event.create', organizationId: orgParam } },
      schema: {
        tags,
        summary: 'Create an event (as a draft; you run it)',
        params: z.object({ orgId: z.uuid() }),
        body: CreateEventBody,
        response: { 201: Event },
      },
    },
    async (request, reply) =>
      reply
        .status(201)
        .send(
          await events.create(
            request.params.orgId,
            request.body,
            by(request),
            request.actor.kind === 'user' ? request.actor : null,
          ),
        ),
  );
  r.get(
    '/api/v1/orgs/:orgId/events',
    {
      config: { access: { action: 'event.list', organizationId: orgParam } },
      schema: {
        tags,
        summary: 'Every event of the organization, in every status',
        params: z.object({ orgId: z.uuid() }),
        querystring: EventListQuery,
        response: { 200: page(Event) },
      },
    },
    async (request) => events.listForOrg(request.params.orgId, request.query),
  );
  r.patch(
    '/api/v1/events/:eventId',
    {
      config: { access: manage },
      schema: { tags, summary: 'Edit an event', params: EventParams, body: UpdateEventBody, response: { 200: Event } },
    },
    async (request) => events.update(request.params.eventId, request.body, by(request)),
  );
  r.delete(
    '/api/v1/events/:eventId',
    {
      config: { access: manage },
      schema: { tags, summary: 'Delete an event and everything that belongs only to it', params: EventParams },
    },
    async (request, reply) => {
      await events.delete(request.params.eventId, by(request));
      return reply.status(204).send();
    },
  );
  r.post(
    '/api/v1/events/:eventId/duplicate',
    {
      // Managing the source implies creating events in its organization (every role that may manage may create).
      config: { access: manage },
      schema: {
        tags,
        summary: 'Copy the event as a new draft, every date shifted by the same duration',
        description:
          'Copies fields, tags, links, people (with links) and sessions (with location, people, tags). ' +
          'Every date moves by (startsAt − the original startsAt), an exact duration: across a daylight-saving ' +
          'change local wall-clock times may move by an hour. Not copied: status history, organizers ' +
          '(you become lead), registrations.',
        params: EventParams,
        body: DuplicateEventBody,
        response: { 201: Event },
      },
    },
    async (request, reply) =>
      reply
        .status(201)
        .send(
          await eventDuplication.duplicate(
            request.params.eventId,
            request.body,
            by(request),
            request.actor.kind === 'user' ? request.actor : null,
          ),
        ),
  );
  r.post(
    '/api/v1/events/:eventId/status',
    {
      config: { access: manage },
      schema: {
        tags,
        summary: 'Change the status (draft → published → live → completed → closed, or cancelled)',
        params: EventParams,
        body: ChangeEventStatusBody,
        response: { 200: Event },
      },
    },
    async (request) =>
      events.changeStatus(request.params.eventId, request.body.status, request.body.reason, by(request)),
  );
  r.get(
    '/api/v1/events/:eventId/status-history',
    {
      config: { access: { action: 'event.read', eventId: eventParam } },
      schema: {
        tags,
        summary: 'Every status change of the event',
        params: EventParams,
        response: { 200: items(EventStatusChange) },
      },
    },
    async (request) => ({ items: await events.statusHistory(request.params.eventId) }),
  );
  r.get(
    '/api/v1/events/:eventId/organizers',
    {
      config: { access: { action: 'event.read', eventId: eventRef } },
      schema: {
        tags,
        summary: 'Who runs the event',
        params: EventRefParams,
        response: { 200: items(EventOrganizer) },
      },
    },
    async (request) => ({ items: await eventOrganizers.list(eventIdOf(request)) }),
  );
  r.post(
    '/api/v1/events/:eventId/organizers',
    {
      config: { access: { action: 'event.manage', eventId: eventRef } },
      schema: {
        tags,
        summary: 'Assign a member of the organization to run the event',
        params: EventRefParams,
        body: AssignOrganizerBody,
        response: { 201: EventOrganizer },
      },
    },
    async (request, reply) =>
      reply
        .status(201)
        .send(await eventOrganizers.assign(eventIdOf(request), request.body, request.body.role, by(request))),
  );
  r.patch(
    '/api/v1/events/:eventId/organizers/:userId',
    {
      config: { access: { action: 'event.manage', eventId: eventRef } },
      schema: {
        tags,
        summary: 'Change an organizer’s status (e.g. unavailable, replaced) or role',
        params: EventRefParams.extend({ userId: z.uuid() }),
        body: UpdateOrganizerBody,
        response: { 200: EventOrganizer },
      },
    },
    async (request) => eventOrganizers.update(eventIdOf(request), request.params.userId, request.body, by(request)),
  );
}
