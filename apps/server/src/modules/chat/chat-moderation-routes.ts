import { BanBody, ChatSanction, items, MuteBody } from '@foyer/contracts';
import type { FastifyInstance } from 'fastify';
import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import { z } from 'zod';
import { callerOf, chatResolvers, EventParams } from './chat-routes.ts';
import type { ChatServices } from './module.ts';

const SanctionParams = z.object({ eventId: z.uuid(), sanctionId: z.uuid() });

/** Mutes and bans in an event's chats, by its organizers. */
export function registerChatModerationRoutes(app: FastifyInstance, s: ChatServices): void {
  const r = app.withTypeProvider<ZodTypeProvider>();
  const { eventManage } = chatResolvers(s);
  const tags = ['chat'];
  r.get(
    '/api/v1/events/:eventId/chat/sanctions',
    {
      config: { access: eventManage },
      schema: {
        tags,
        summary: 'Current mutes and bans of the event’s chats',
        params: EventParams,
        response: { 200: items(ChatSanction) },
      },
    },
    async (req) => ({ items: await s.chatModeration.list(req.params.eventId) }),
  );
  r.post(
    '/api/v1/events/:eventId/chat/mutes',
    {
      config: { access: eventManage },
      schema: {
        tags,
        summary: 'Mute a participant in every chat of the event for some minutes (audited, pushed)',
        params: EventParams,
        body: MuteBody,
        response: { 201: ChatSanction },
      },
    },
    async (req, reply) =>
      reply.status(201).send(await s.chatModeration.mute(callerOf(req), req.params.eventId, req.body)),
  );
  r.post(
    '/api/v1/events/:eventId/chat/bans',
    {
      config: { access: eventManage },
      schema: {
        tags,
        summary: 'Ban a participant from the event’s chats until lifted (audited, pushed)',
        params: EventParams,
        body: BanBody,
        response: { 201: ChatSanction },
      },
    },
    async (req, reply) =>
      reply.status(201).send(await s.chatModeration.ban(callerOf(req), req.params.eventId, req.body)),
  );
  r.delete(
    '/api/v1/events/:eventId/chat/sanctions/:sanctionId',
    {
      config: { access: eventManage },
      schema: {
        tags,
        summary: 'Lift a mute or a ban (audited, pushed)',
        params: SanctionParams,
        response: { 204: z.null() },
      },
    },
    async (req, reply) => {
      await s.chatModeration.lift(callerOf(req), req.params.eventId, req.params.sanctionId);
      return reply.status(204).send(null);
    },
  );
}
