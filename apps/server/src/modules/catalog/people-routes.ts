import { CreatePersonBody, Person, UpdatePersonBody } from '@foyer/contracts';
import type { FastifyInstance } from 'fastify';
import type { CatalogServices } from './module.ts';
import { EventParams, PersonParams, programmeRouteKit } from './programme-route-kit.ts';

/** People of an event (speakers, artists, facilitators): the organiser API. */
export function registerPeopleRoutes(app: FastifyInstance, services: CatalogServices): void {
  const { s, r, by, eventManage, personEvent } = programmeRouteKit(app, services);
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
}
