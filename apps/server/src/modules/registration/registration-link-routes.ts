import { RegistrationLinkRequestBody } from '@foyer/contracts';
import type { FastifyInstance, FastifyRequest } from 'fastify';
import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import { z } from 'zod';
import { auditActorOf } from '../../platform/auth/actor.ts';
import type { RateLimiter } from '../../platform/auth/rate-limiter.ts';
import { requestMeta } from '../../platform/auth/request-context.ts';
import { rateLimited } from '../../platform/http/problem.ts';
import type { RegistrationServices } from './module.ts';

const tags = ['registrations'];
const by = (request: FastifyRequest) => auditActorOf(request.actor, requestMeta(request));
/** Link requests per client address, and per registrant address, per window: no mail bombing through Foyer. */
const PER_IP = 10;
const PER_ADDRESS = 3;
const WINDOW_SECONDS = 3600;

/** Mailing a registration's link again: a new link that retires every older one. */
export function registerRegistrationLinkRoutes(
  app: FastifyInstance,
  s: RegistrationServices,
  limiter: RateLimiter,
): void {
  const r = app.withTypeProvider<ZodTypeProvider>();

  r.post(
    '/api/v1/events/:eventId/registrations/link-requests',
    {
      config: { access: 'public' },
      schema: {
        tags,
        summary: 'Lost the link to your registration? Mail a new one (older links stop working)',
        description:
          'Always 202, whether or not the address registered for the event, so the answer tells nothing; ' +
          `a registration of the address gets a new link by email. ${PER_IP} requests per client address and ` +
          `${PER_ADDRESS} per registrant address an hour (429 RATE_LIMITED).`,
        params: z.object({ eventId: z.uuid() }),
        body: RegistrationLinkRequestBody,
      },
    },
    async (request, reply) => {
      const { eventId } = request.params;
      const address = s.registrationCipher.emailIndex(request.body.email);
      for (const [key, max] of [
        [`registration:link:ip:${request.ip}`, PER_IP],
        [`registration:link:address:${eventId}:${address}`, PER_ADDRESS],
      ] as const) {
        const decision = await limiter.consume(key, max, WINDOW_SECONDS);
        if (!decision.allowed)
          throw rateLimited(decision.retryAfter, 'Too many requests for a new link. Try again later.');
      }
      await s.registrationLinks.renewFor(eventId, request.body.email, by(request));
      return reply.status(202).send();
    },
  );
  r.post(
    '/api/v1/registrations/:registrationId/link',
    {
      config: {
        access: {
          action: 'registration.manage',
          eventId: (request) =>
            s.registrations.eventIdOf((request.params as { registrationId: string }).registrationId),
        },
      },
      schema: {
        tags,
        summary: 'Mail the registrant a new link to their registration (organisers); older links stop working',
        params: z.object({ registrationId: z.uuid() }),
      },
    },
    async (request, reply) => {
      await s.registrationLinks.renew(request.params.registrationId, by(request));
      return reply.status(202).send();
    },
  );
}
