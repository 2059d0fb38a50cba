import { CheckInBody, CheckInResult, CheckInScopeQuery } from '@foyer/contracts';
import type { FastifyInstance } from 'fastify';
import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import { z } from 'zod';
import { auditActorOf } from '../../platform/auth/actor.ts';
import { eventParam, requestMeta } from '../../platform/auth/request-context.ts';
import type { RegistrationServices } from './module.ts';

const tags = ['check-in'];

/** The door: checking people in by ticket code, to the event or one of its sessions. */
export function registerCheckInsRoutes(app: FastifyInstance, s: RegistrationServices): void {
  const { checkIns } = s;
  const r = app.withTypeProvider<ZodTypeProvider>();
  const manage = { action: 'registration.manage' as const, eventId: eventParam };

  r.post(
    '/api/v1/events/:eventId/check-ins',
    {
      config: { access: manage },
      schema: {
        tags,
        summary: 'Check a ticket code in (idempotent: a repeat says alreadyCheckedIn)',
        description:
          'Without sessionId the person enters the event; with it, that session. 404 for an unknown code, ' +
          '409 TICKET_NOT_VALID when the registration is not confirmed (cancelled, waitlisted, …).',
        params: z.object({ eventId: z.uuid() }),
        body: CheckInBody,
        response: { 200: CheckInResult },
      },
    },
    async (request) =>
      checkIns.checkIn(
        request.params.eventId,
        request.body.code,
        request.body.sessionId,
        auditActorOf(request.actor, requestMeta(request)),
      ),
  );
  r.delete(
    '/api/v1/events/:eventId/check-ins/:registrationId',
    {
      config: { access: manage },
      schema: {
        tags,
        summary: 'Undo a check-in (of the event, or of the session given as ?sessionId=)',
        params: z.object({ eventId: z.uuid(), registrationId: z.uuid() }),
        querystring: CheckInScopeQuery,
      },
    },
    async (request, reply) => {
      await checkIns.undo(
        request.params.eventId,
        request.params.registrationId,
        request.query.sessionId,
        auditActorOf(request.actor, requestMeta(request)),
      );
      return reply.status(204).send();
    },
  );
}
