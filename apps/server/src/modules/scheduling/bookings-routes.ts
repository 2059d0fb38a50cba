import {
  Availability,
  AvailabilityQuery,
  Booking,
  BookingsQuery,
  CreateBookingBody,
  items,
  UpdateBookingBody,
} from '@foyer/contracts';
import type { FastifyInstance, FastifyRequest } from 'fastify';
import { orgParam } from '../../platform/auth/request-context.ts';
import {
  BookingParams,
  by,
  expectedVersion,
  idList,
  LayoutParams,
  OrgParams,
  param,
  ResourceParams,
  typed,
} from './route-kit.ts';
import { assertWindow } from './scheduling-queries.ts';
import type { SchedulingServices } from './scheduling-services.ts';

const ICS = 'text/calendar; charset=utf-8';

/** Bookings, availability and iCalendar feeds. */
export function registerBookingRoutes(app: FastifyInstance, s: SchedulingServices): void {
  const r = typed(app);
  const tags = ['scheduling'];
  const bookingOrg = (req: FastifyRequest) => s.bookings.organizationOf(param(req, 'bookingId'));

  r.post(
    '/api/v1/orgs/:orgId/bookings',
    {
      config: { access: { action: 'scheduling.manage', organizationId: orgParam } },
      schema: {
        tags,
        summary: 'Book a resource; an overlap with a non-tentative booking is 409 BOOKING_CONFLICT naming it',
        params: OrgParams,
        body: CreateBookingBody,
        response: { 201: Booking },
      },
    },
    async (req, reply) => {
      const booking = await s.bookings.create(req.params.orgId, req.body, by(req));
      return reply.status(201).header('etag', `"${booking.version}"`).send(booking);
    },
  );
  r.get(
    '/api/v1/orgs/:orgId/bookings',
    {
      config: { access: { action: 'scheduling.read', organizationId: orgParam } },
      schema: {
        tags,
        summary: 'Bookings overlapping [from, to), of some resources or a project',
        params: OrgParams,
        querystring: BookingsQuery,
        response: { 200: items(Booking) },
      },
    },
    async (req) => {
      const from = new Date(req.query.from);
      const to = new Date(req.query.to);
      assertWindow(from, to);
      return {
        items: await s.bookings.list(req.params.orgId, {
          from,
          to,
          resourceIds: idList(req.query.resourceIds, 'resourceIds'),
          projectId: req.query.projectId,
        }),
      };
    },
  );
  r.get(
    '/api/v1/bookings/:bookingId',
    {
      config: { access: { action: 'scheduling.read', organizationId: bookingOrg } },
      schema: { tags, summary: 'One booking (ETag: its version)', params: BookingParams, response: { 200: Booking } },
    },
    async (req, reply) => {
      const booking = await s.bookings.get(req.params.bookingId);
      return reply.header('etag', `"${booking.version}"`).send(booking);
    },
  );
  r.patch(
    '/api/v1/bookings/:bookingId',
    {
      config: { access: { action: 'scheduling.manage', organizationId: bookingOrg } },
      schema: {
        tags,
        summary: 'Edit or move a booking (If-Match or version: stale is 409 STALE_VERSION)',
        params: BookingParams,
        body: UpdateBookingBody,
        response: { 200: Booking },
      },
    },
    async (req, reply) => {
      const { version, ...patch } = req.body;
      const booking = await s.bookings.update(req.params.bookingId, patch, by(req), expectedVersion(req, version));
      return reply.header('etag', `"${booking.version}"`).send(booking);
    },
  );
  r.delete(
    '/api/v1/bookings/:bookingId',
    {
      config: { access: { action: 'scheduling.manage', organizationId: bookingOrg } },
      schema: { tags, summary: 'Delete a booking (live calendars are told)', params: BookingParams },
    },
    async (req, reply) => {
      await s.bookings.delete(req.params.bookingId, by(req), expectedVersion(req));
      return reply.status(204).send();
    },
  );
  r.get(
    '/api/v1/orgs/:orgId/availability',
    {
      config: { access: { action: 'scheduling.read', organizationId: orgParam } },
      schema: {
        tags,
        summary: 'Free intervals of resources in [from, to) (tentative bookings do not block)',
        params: OrgParams,
        querystring: AvailabilityQuery,
        response: { 200: Availability },
      },
    },
    async (req) =>
      s.schedulingQueries.availability(
        req.params.orgId,
        idList(req.query.resourceIds, 'resourceIds') ?? [],
        new Date(req.query.from),
        new Date(req.query.to),
      ),
  );
  r.get(
    '/api/v1/resources/:resourceId/calendar.ics',
    {
      config: {
        access: {
          action: 'scheduling.read',
          organizationId: (req: FastifyRequest) => s.resources.organizationOf(param(req, 'resourceId')),
        },
      },
      schema: { tags, summary: 'iCalendar feed of a resource’s bookings', params: ResourceParams },
    },
    async (req, reply) => reply.type(ICS).send(await s.schedulingQueries.resourceCalendar(req.params.resourceId)),
  );
  r.get(
    '/api/v1/resource-layouts/:layoutId/calendar.ics',
    {
      config: {
        access: {
          action: 'scheduling.read',
          organizationId: (req: FastifyRequest) => s.resourceLayouts.organizationOf(param(req, 'layoutId')),
        },
      },
      schema: { tags, summary: 'iCalendar feed of the bookings of a layout’s resources', params: LayoutParams },
    },
    async (req, reply) => reply.type(ICS).send(await s.schedulingQueries.layoutCalendar(req.params.layoutId)),
  );
}
