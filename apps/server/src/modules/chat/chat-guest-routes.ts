import { fastifyCookie } from '@fastify/cookie';
import { ChatGuest, ChatGuestAnswer, CreateChatGuestBody } from '@foyer/contracts';
import type { FastifyInstance } from 'fastify';
import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import { rateLimited } from '../../platform/http/problem.ts';
import type { Platform } from '../../platform/platform.ts';
import { GUEST_COOKIE, GUEST_COOKIE_MAX_AGE_SECONDS } from './chat-guests.ts';
import { chatResolvers, EventParams } from './chat-routes.ts';
import type { ChatServices } from './module.ts';

/** New guest identities per address and 10 minutes: enough for a household behind one NAT, not for a flood. */
const GUESTS_PER_IP = 30;

/**
 * Stage guests over HTTP: pick a name (the answer sets the signed cookie),
 * ask who you are, and forget it. The cookie is httpOnly and sent to the
 * API only; the socket reads it from its upgrade request.
 */
export function registerChatGuestRoutes(app: FastifyInstance, platform: Platform, s: ChatServices): void {
  const r = app.withTypeProvider<ZodTypeProvider>();
  const tags = ['chat'];
  const cookie = (value: string, maxAge: number) =>
    fastifyCookie.serialize(GUEST_COOKIE, value, {
      path: '/api/v1',
      maxAge,
      httpOnly: true,
      sameSite: 'strict',
      secure: platform.config.publicUrl.startsWith('https://'),
    });
  const { eventView } = chatResolvers(s);

  r.post(
    '/api/v1/events/:eventId/chat/guests',
    {
      config: { access: eventView },
      schema: {
        tags,
        summary: 'Chat as a guest: pick a display name (sets the guest cookie)',
        description:
          'Only where the event’s stage chat takes guests (else 403 GUESTS_NOT_ALLOWED). The answer sets an ' +
          'httpOnly cookie `foyer_guest` with the signed identity, which HTTP chat routes and the realtime socket ' +
          'read. Moderators mute and ban guests like accounts (`participant: {kind: "guest", id}`).',
        params: EventParams,
        body: CreateChatGuestBody,
        response: { 201: ChatGuest },
      },
    },
    async (req, reply) => {
      const decision = await platform.rateLimiter.consume(`chat-guest:ip:${req.ip}`, GUESTS_PER_IP, 600);
      if (!decision.allowed)
        throw rateLimited(decision.retryAfter, 'Too many new guests from this address. Try again later.');
      const guest = await s.chatGuests.create(req.params.eventId, req.body.name);
      reply.header('set-cookie', cookie(s.chatGuests.cookieFor(guest.id), GUEST_COOKIE_MAX_AGE_SECONDS));
      return reply.status(201).send(guest);
    },
  );
  r.get(
    '/api/v1/events/:eventId/chat/guests/me',
    {
      config: { access: eventView },
      schema: {
        tags,
        summary: 'The guest identity this browser holds for the event (`guest: null` when none)',
        params: EventParams,
        response: { 200: ChatGuestAnswer },
      },
    },
    async (req) => {
      const guest = await s.chatGuests.fromCookieHeader(req.headers.cookie);
      return { guest: guest && guest.eventId === req.params.eventId ? guest : null };
    },
  );
  r.delete(
    '/api/v1/events/:eventId/chat/guests/me',
    {
      config: { access: eventView },
      schema: { tags, summary: 'Forget the guest identity (clears the cookie)', params: EventParams },
    },
    async (_req, reply) => {
      reply.header('set-cookie', cookie('', 0));
      return reply.status(204).send();
    },
  );
}
