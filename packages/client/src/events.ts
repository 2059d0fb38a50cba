import {
  type AssignOrganizerBody,
  type CreateEventBody,
  type DuplicateEventBody,
  Event,
  EventDetail,
  EventOrganizer,
  type EventStatus,
  EventStatusChange,
  page,
  type UpdateEventBody,
  type UpdateOrganizerBody,
} from '@foyer/contracts';
import type { z } from 'zod';
import { type HttpOptions, itemsOf, request } from './http.ts';

const EventPage = page(Event);
const org = (orgId: string) => `/api/v1/orgs/${encodeURIComponent(orgId)}`;
const event = (eventId: string) => `/api/v1/events/${encodeURIComponent(eventId)}`;

/** Filters of `GET /orgs/{orgId}/events` (see the contracts' `EventListQuery`). */
export type EventListFilter = { status?: EventStatus; cursor?: string; limit?: number };

/** Organiser API of events: every status, for members of the organization. */
export function eventsApi(options: HttpOptions) {
  return {
    /** Creates a draft; the caller becomes its lead organizer. */
    create: (orgId: string, body: z.input<typeof CreateEventBody>) =>
      request(options, `${org(orgId)}/events`, { method: 'POST', body, schema: Event }),
    /** Pass the answer's `nextCursor` back as `cursor` for the next page. */
    list: (orgId: string, filter: EventListFilter = {}, signal?: AbortSignal) =>
      request(options, `${org(orgId)}/events`, { schema: EventPage, query: { ...filter }, signal }),
    /** The event with its tags and links. */
    get: (eventId: string, signal?: AbortSignal) => request(options, event(eventId), { schema: EventDetail, signal }),
    update: (eventId: string, body: z.input<typeof UpdateEventBody>) =>
      request(options, event(eventId), { method: 'PATCH', body, schema: Event }),
    remove: (eventId: string) => request(options, event(eventId), { method: 'DELETE', schema: null }),
    /** A copy as a new draft; every date shifts by (startsAt − the original's startsAt). 409 SLUG_TAKEN. */
    duplicate: (eventId: string, body: z.input<typeof DuplicateEventBody>) =>
      request(options, `${event(eventId)}/duplicate`, { method: 'POST', body, schema: Event }),
    /** 409 ILLEGAL_TRANSITION when `EVENT_TRANSITIONS` does not allow the change. */
    changeStatus: (eventId: string, status: EventStatus, reason?: string) =>
      request(options, `${event(eventId)}/status`, {
        method: 'POST',
        body: reason ? { status, reason } : { status },
        schema: Event,
      }),
    statusHistory: (eventId: string, signal?: AbortSignal) =>
      request(options, `${event(eventId)}/status-history`, { schema: itemsOf(EventStatusChange), signal }),
  };
}

/** Who runs an event: members of the organization with a role (lead, co) and a status. */
export function eventOrganizersApi(options: HttpOptions) {
  return {
    list: (eventId: string, signal?: AbortSignal) =>
      request(options, `${event(eventId)}/organizers`, { schema: itemsOf(EventOrganizer), signal }),
    /** Give either `userId` or `email`; only members of the organization can be assigned (422 otherwise). */
    assign: (eventId: string, body: z.input<typeof AssignOrganizerBody>) =>
      request(options, `${event(eventId)}/organizers`, { method: 'POST', body, schema: EventOrganizer }),
    update: (eventId: string, userId: string, body: z.input<typeof UpdateOrganizerBody>) =>
      request(options, `${event(eventId)}/organizers/${encodeURIComponent(userId)}`, {
        method: 'PATCH',
        body,
        schema: EventOrganizer,
      }),
  };
}
