import {
  AddressConfirmationBody,
  AddressConfirmationSent,
  CancelByLinkBody,
  ImportRegistrationsBody,
  ImportRegistrationsResult,
  MyRegistration,
  page,
  ReasonBody,
  RegisterBody,
  Registration,
  RegistrationLinkQuery,
  RegistrationListQuery,
  RegistrationSummary,
  SeatBody,
} from '@foyer/contracts';
import type { FastifyInstance, FastifyRequest } from 'fastify';
import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import { z } from 'zod';
import { auditActorOf } from '../../platform/auth/actor.ts';
import type { RateLimiter } from '../../platform/auth/rate-limiter.ts';
import { eventParam, requestMeta } from '../../platform/auth/request-context.ts';
import { idempotencyKeyOf } from '../../platform/http/idempotency-key.ts';
import { AppError, rateLimited } from '../../platform/http/problem.ts';
import type { RegistrationServices } from './module.ts';

const tags = ['registrations'];
const EventParams = z.object({ eventId: z.uuid() });
const RegistrationParams = z.object({ registrationId: z.uuid() });
const by = (request: FastifyRequest) => auditActorOf(request.actor, requestMeta(request));

/** Registering for an event, and the organiser's view and decisions on registrations. */
/** Registrations without an account from one address per window: a flood mails people who never asked. */
export interface GuestRegistrationLimit {
  limiter: RateLimiter;
  perIp: number;
}
const GUEST_WINDOW_SECONDS = 600;

export function registerRegistrationsRoutes(
  app: FastifyInstance,
  s: RegistrationServices,
  guests: GuestRegistrationLimit,
): void {
  const r = app.withTypeProvider<ZodTypeProvider>();
  const read = { action: 'registration.read' as const, eventId: eventParam };
  const manage = { action: 'registration.manage' as const, eventId: eventParam };
  const registrationEvent = (request: FastifyRequest) =>
    s.registrations.eventIdOf((request.params as { registrationId: string }).registrationId);
  const manageRegistration = { action: 'registration.manage' as const, eventId: registrationEvent };

  r.post(
    '/api/v1/events/:eventId/registrations',
    {
      config: { access: 'public' },
      schema: {
        tags,
        summary: 'Register as a guest or as the signed-in user',
        description:
          'Answers 201 with status confirmed (with a ticket code), waitlisted (with position) or pending ' +
          '(approval required). With an Idempotency-Key header (1–200 visible ASCII characters), repeating ' +
          'the request answers the same registration as it is now, marked by `Idempotent-Replayed: true`; ' +
          'the same key with a different body is refused with IDEMPOTENCY_KEY_REUSED (422). ' +
          'Where the event asks guests to confirm their address (`registration.confirmAddress`), a guest’s ' +
          'valid request answers 202 `address_confirmation_sent`: nothing is registered until the link mailed ' +
          'to the address is opened (`POST /api/v1/registrations/address-confirmations`).',
        params: EventParams,
        body: RegisterBody,
        response: { 201: Registration, 202: AddressConfirmationSent },
      },
    },
    async (request, reply) => {
      if (request.actor.kind === 'anonymous') {
        const decision = await guests.limiter.consume(
          `registration:guest:ip:${request.ip}`,
          guests.perIp,
          GUEST_WINDOW_SECONDS,
        );
        if (!decision.allowed)
          throw rateLimited(decision.retryAfter, 'Too many registrations from this address. Try again later.');
      }
      const key = idempotencyKeyOf(request);
      const answer = await s.addressConfirmations.register(
        request.params.eventId,
        request.body,
        request.actor,
        by(request),
        key,
      );
      if ('status' in answer) return reply.status(202).send(answer);
      if (answer.replayed) reply.header('idempotent-replayed', 'true');
      return reply.status(201).send(answer.registration);
    },
  );
  r.post(
    '/api/v1/registrations/address-confirmations',
    {
      config: { access: 'public' },
      schema: {
        tags,
        summary: 'Confirm a guest’s address with the token from the mailed link: registers their request',
        description:
          'Registers the request as if sent now: 201 with the registration (confirmed, waitlisted or pending). ' +
          'The same token again answers the same registration with `Idempotent-Replayed: true`. ' +
          'A link that is not valid is NOT_FOUND (404); an expired one LINK_EXPIRED (410).',
        body: AddressConfirmationBody,
        response: { 201: Registration },
      },
    },
    async (request, reply) => {
      const { registration, replayed } = await s.addressConfirmations.confirm(request.body.token, by(request));
      if (replayed) reply.header('idempotent-replayed', 'true');
      return reply.status(201).send(registration);
    },
  );
  r.get(
    '/api/v1/events/:eventId/registrations',
    {
      config: { access: read },
      schema: {
        tags,
        summary: 'The event’s registrations, oldest first; filter by status, search name or email with q',
        params: EventParams,
        querystring: RegistrationListQuery,
        response: { 200: page(Registration) },
      },
    },
    async (request) => s.registrationQueries.list(request.params.eventId, request.query),
  );
  r.get(
    '/api/v1/events/:eventId/registrations/summary',
    {
      config: { access: read },
      schema: {
        tags,
        summary: 'Counts by status, capacity and free seats',
        params: EventParams,
        response: { 200: RegistrationSummary },
      },
    },
    async (request) => s.registrationQueries.summary(request.params.eventId),
  );
  r.get(
    '/api/v1/events/:eventId/registrations.csv',
    {
      config: { access: read },
      schema: { tags, summary: 'Every registration with its answers as CSV (spreadsheet-safe)', params: EventParams },
    },
    async (request, reply) => {
      let csv = '';
      for await (const chunk of s.registrationQueries.csv(request.params.eventId)) csv += chunk;
      return reply
        .type('text/csv; charset=utf-8')
        .header('content-disposition', `attachment; filename="registrations-${request.params.eventId}.csv"`)
        .send(csv);
    },
  );
  r.post(
    '/api/v1/events/:eventId/registrations/import',
    {
      config: { access: manage },
      schema: {
        tags,
        summary: 'Bulk add people from CSV (email,name); all or nothing',
        params: EventParams,
        body: ImportRegistrationsBody,
        response: { 201: ImportRegistrationsResult },
      },
    },
    async (request, reply) =>
      reply.status(201).send(await s.registrationImport.run(request.params.eventId, request.body.csv, by(request))),
  );
  r.post(
    '/api/v1/events/:eventId/waitlist/promote-next',
    {
      config: { access: manage },
      schema: {
        tags,
        summary: 'Give the first person on the waiting list a seat',
        params: EventParams,
        body: SeatBody,
        response: { 200: Registration },
      },
    },
    async (request) =>
      s.registrations.promoteNext(request.params.eventId, by(request), request.body?.overCapacity ?? false),
  );
  r.post(
    '/api/v1/registrations/:registrationId/cancel',
    {
      config: { access: { action: 'registration.cancel', eventId: registrationEvent } },
      schema: {
        tags,
        summary: 'Cancel a registration (the attendee, or whoever manages the event)',
        description: 'A freed seat goes to the first on the waiting list when the event auto-promotes.',
        params: RegistrationParams,
        body: ReasonBody,
        response: { 200: Registration },
      },
    },
    async (request) => {
      if (!(await s.registrations.mayCancel(request.actor, request.params.registrationId))) {
        throw new AppError('FORBIDDEN', 403, 'Only the attendee or an organiser of the event can cancel.');
      }
      return s.registrations.cancel(request.params.registrationId, by(request), request.body?.reason);
    },
  );
  r.get(
    '/api/v1/registrations/:registrationId/by-link',
    {
      config: { access: 'public' },
      schema: {
        tags,
        summary: 'A registration by its own link (guests without an account)',
        description:
          'Every registration email links to the registration with a token that is derived from it (64 hex ' +
          'characters). With it, anyone holding the email sees the registration and its event; a wrong token ' +
          'answers 404, as an unknown registration does.',
        params: RegistrationParams,
        querystring: RegistrationLinkQuery,
        response: { 200: MyRegistration },
      },
    },
    async (request, reply) => {
      // The link is a credential: keep it out of shared caches and referrers.
      reply.header('cache-control', 'private, no-store');
      return s.registrationQueries.byLink(request.params.registrationId, request.query.token);
    },
  );
  r.post(
    '/api/v1/registrations/:registrationId/cancel-by-link',
    {
      config: { access: 'public' },
      schema: {
        tags,
        summary: 'Cancel a registration with its own link (guests without an account)',
        description:
          'The token of the registration’s link, as its emails carry it. Like any cancellation, a freed seat goes ' +
          'to the first on the waiting list when the event auto-promotes. A wrong token answers 404.',
        params: RegistrationParams,
        body: CancelByLinkBody,
        response: { 200: Registration },
      },
    },
    async (request) =>
      s.registrations.cancelByLink(request.params.registrationId, request.body.token, by(request), request.body.reason),
  );
  r.post(
    '/api/v1/registrations/:registrationId/promote',
    {
      config: { access: manageRegistration },
      schema: {
        tags,
        summary: 'Give a waitlisted person a seat',
        params: RegistrationParams,
        body: SeatBody,
        response: { 200: Registration },
      },
    },
    async (request) =>
      s.registrations.promote(request.params.registrationId, by(request), request.body?.overCapacity ?? false),
  );
  r.post(
    '/api/v1/registrations/:registrationId/approve',
    {
      config: { access: manageRegistration },
      schema: {
        tags,
        summary: 'Accept a pending registration (seat if free, else the waiting list)',
        params: RegistrationParams,
        body: SeatBody,
        response: { 200: Registration },
      },
    },
    async (request) =>
      s.registrations.approve(request.params.registrationId, by(request), request.body?.overCapacity ?? false),
  );
  r.post(
    '/api/v1/registrations/:registrationId/decline',
    {
      config: { access: manageRegistration },
      schema: {
        tags,
        summary: 'Refuse a pending or waitlisted registration',
        params: RegistrationParams,
        body: ReasonBody,
        response: { 200: Registration },
      },
    },
    async (request) => s.registrations.decline(request.params.registrationId, by(request), request.body?.reason),
  );
}
