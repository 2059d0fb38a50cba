import { CreateSessionBody, Session, UpdateSessionBody } from '@foyer/contracts';
import type { FastifyInstance } from 'fastify';
import type { CatalogServices } from './module.ts';
import { EventParams, programmeRouteKit, SessionParams } from './programme-route-kit.ts';

/** Sessions of an event: the organiser API. */
export function registerSessionsRoutes(app: FastifyInstance, services: CatalogServices): void {
  const { s, r, by, eventManage, sessionEvent } = programmeRouteKit(app, services);
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
}
