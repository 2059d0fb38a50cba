import {
  AttendanceEntry,
  AttendanceListQuery,
  AttendanceOverrideBody,
  AttendanceSummary,
  page,
  RecordAttendanceBody,
  RegistrationAttendance,
} from '@foyer/contracts';
import type { FastifyInstance, FastifyRequest } from 'fastify';
import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import { z } from 'zod';
import { auditActorOf } from '../../platform/auth/actor.ts';
import { eventParam, requestMeta } from '../../platform/auth/request-context.ts';
import type { RegistrationServices } from './module.ts';

const tags = ['attendance'];
const EventParams = z.object({ eventId: z.uuid() });
const RegistrationParams = z.object({ registrationId: z.uuid() });
const by = (request: FastifyRequest) => auditActorOf(request.actor, requestMeta(request));

/** The attendance ledger: per-registration results, manual entries, organiser overrides. */
export function registerAttendanceRoutes(app: FastifyInstance, s: RegistrationServices): void {
  const r = app.withTypeProvider<ZodTypeProvider>();
  const registrationEvent = (request: FastifyRequest) =>
    s.registrations.eventIdOf((request.params as { registrationId: string }).registrationId);

  r.get(
    '/api/v1/events/:eventId/attendance',
    {
      config: { access: { action: 'registration.read', eventId: eventParam } },
      schema: {
        tags,
        summary: 'Attendance of every confirmed registration (and anyone with entries), oldest first',
        description: 'Total minutes, sessions, attended and eligible by the event’s rule, after overrides.',
        params: EventParams,
        querystring: AttendanceListQuery,
        response: { 200: page(AttendanceSummary) },
      },
    },
    async (request) => s.attendance.list(request.params.eventId, request.query),
  );
  r.post(
    '/api/v1/events/:eventId/attendance',
    {
      config: { access: { action: 'registration.manage', eventId: eventParam } },
      schema: {
        tags,
        summary: 'Record an attendance entry (by hand, or from Zoom or a venue system)',
        description:
          'Idempotent per source and sourceRef: recording the same reference again answers 200 with the ' +
          'existing entry. Without times the session’s (or the event’s) time is used.',
        params: EventParams,
        body: RecordAttendanceBody,
        response: { 200: AttendanceEntry, 201: AttendanceEntry },
      },
    },
    async (request, reply) => {
      const { entry, created } = await s.attendance.record(request.params.eventId, request.body, by(request));
      return reply.status(created ? 201 : 200).send(entry);
    },
  );
  r.get(
    '/api/v1/registrations/:registrationId/attendance',
    {
      config: { access: { action: 'registration.read', eventId: registrationEvent } },
      schema: {
        tags,
        summary: 'One registration’s ledger entries, the event’s rule and the result',
        params: RegistrationParams,
        response: { 200: RegistrationAttendance },
      },
    },
    async (request) => s.attendance.forRegistration(request.params.registrationId),
  );
  r.put(
    '/api/v1/registrations/:registrationId/attendance-override',
    {
      config: { access: { action: 'registration.manage', eventId: registrationEvent } },
      schema: {
        tags,
        summary: 'Override attended and/or eligible, with a reason (audited); both null removes the override',
        params: RegistrationParams,
        body: AttendanceOverrideBody,
        response: { 200: AttendanceSummary },
      },
    },
    async (request) => s.attendance.override(request.params.registrationId, request.body, by(request)),
  );
}
