import { Stage, StageSettingsBody } from '@foyer/contracts';
import type { FastifyInstance } from 'fastify';
import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import { z } from 'zod';
import { eventParam, mayAlso, requestMeta } from '../../platform/auth/request-context.ts';
import { EventRefParams, eventIdOf, eventRefResolver } from '../catalog/index.ts';
import type { StageServices } from './module.ts';

const EventParams = z.object({ eventId: z.uuid() });

/** The stage: its page's configuration (by id or orgSlug/eventSlug) and the organizers' settings. */
export function registerStageRoutes(app: FastifyInstance, s: StageServices): void {
  const r = app.withTypeProvider<ZodTypeProvider>();
  const tags = ['stage'];

  r.get(
    '/api/v1/events/:eventId/stage',
    {
      config: { access: { action: 'event.view', eventId: eventRefResolver(s.events) } },
      schema: {
        tags,
        summary: 'The one-page stage: player, second stream, chat (by id or orgSlug/eventSlug)',
        description:
          'Anyone who may see the event, once the stage is enabled (else 404 STAGE_NOT_SET_UP); organizers ' +
          'see it while it is switched off too. The only place the player sources are given out. Changes are ' +
          'pushed as `stage.updated` on the realtime channel `event:{eventId}`.',
        params: EventRefParams,
        response: { 200: Stage },
      },
    },
    async (req, reply) => {
      reply.header('cache-control', 'private, no-cache');
      return s.stage.get(eventIdOf(req), mayAlso(req, 'event.manage'));
    },
  );
  r.put(
    '/api/v1/events/:eventId/stage',
    {
      config: { access: { action: 'event.manage', eventId: eventParam } },
      schema: {
        tags,
        summary: 'Set up the stage (organizers): player, captions, second stream, chat for accounts or guests',
        params: EventParams,
        body: StageSettingsBody,
        response: { 200: Stage },
      },
    },
    async (req) => s.stage.put({ actor: req.actor, meta: requestMeta(req) }, req.params.eventId, req.body),
  );
}
