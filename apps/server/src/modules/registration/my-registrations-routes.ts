import { items, LinkRegistrationsResult, MyRegistration, MyRequirementKeys } from '@foyer/contracts';
import type { FastifyInstance } from 'fastify';
import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import { z } from 'zod';
import { auditActorOf } from '../../platform/auth/actor.ts';
import { requestMeta, userOf } from '../../platform/auth/request-context.ts';
import type { Platform } from '../../platform/platform.ts';
import type { RegistrationServices } from './module.ts';

const tags = ['my registrations'];

/** The attendee's side: their registrations and tickets, and claiming guest registrations. */
export function registerMyRegistrationsRoutes(app: FastifyInstance, platform: Platform, s: RegistrationServices): void {
  const r = app.withTypeProvider<ZodTypeProvider>();
  const self = { action: 'account.read' as const };

  r.get(
    '/api/v1/me/registrations',
    {
      config: { access: self },
      schema: {
        tags,
        summary: 'Your registrations with their events, newest first',
        response: { 200: items(MyRegistration) },
      },
    },
    async (request) => ({ items: await s.registrationQueries.mine(userOf(request).userId) }),
  );
  r.get(
    '/api/v1/me/registrations/:registrationId',
    {
      config: { access: self },
      schema: {
        tags,
        summary: 'One of your registrations: your ticket when confirmed',
        params: z.object({ registrationId: z.uuid() }),
        response: { 200: MyRegistration },
      },
    },
    async (request) => s.registrationQueries.mineOne(userOf(request).userId, request.params.registrationId),
  );
  r.post(
    '/api/v1/me/registrations/link',
    {
      config: { access: { action: 'account.update' } },
      schema: {
        tags,
        summary: 'Claim guest registrations made with your (verified) address',
        description: 'Refused with EMAIL_NOT_VERIFIED (403) until the address is verified.',
        response: { 200: LinkRegistrationsResult },
      },
    },
    async (request) => {
      const user = userOf(request);
      const by = auditActorOf(request.actor, requestMeta(request));
      const linked = await platform.database.db.transaction((tx) => s.registrations.linkVerified(tx, user.userId, by));
      return { linked };
    },
  );
  r.get(
    '/api/v1/me/requirement-keys',
    {
      config: { access: self },
      schema: {
        tags,
        summary: 'The requirement keys you meet (e.g. own-laptop), for events that fit you',
        response: { 200: MyRequirementKeys },
      },
    },
    async (request) => ({ keys: await s.requirementFit.keysOf(userOf(request).userId) }),
  );
  r.put(
    '/api/v1/me/requirement-keys',
    {
      config: { access: { action: 'account.update' } },
      schema: {
        tags,
        summary: 'Replace the requirement keys you meet',
        body: MyRequirementKeys,
        response: { 200: MyRequirementKeys },
      },
    },
    async (request) => {
      const by = auditActorOf(request.actor, requestMeta(request));
      return { keys: await s.requirementFit.setKeys(userOf(request).userId, request.body.keys, by) };
    },
  );
}
