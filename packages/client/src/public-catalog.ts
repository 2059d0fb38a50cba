import {
  type EventFormat,
  type EventKind,
  Location,
  PersonWithIncludes,
  PublicEvent,
  page,
  SessionWithIncludes,
} from '@foyer/contracts';
import type { z } from 'zod';
import { type HttpOptions, itemsOf, request } from './http.ts';

const PublicEventPage = page(PublicEvent);
/** An event by id, or by `orgSlug/eventSlug` (the slash is kept as a path separator). */
const eventPath = (idOrSlug: string) => `/api/v1/events/${idOrSlug.split('/').map(encodeURIComponent).join('/')}`;

/** Filters of the public event list (see the contracts' `PublicEventListQuery`). */
export type PublicEventFilter = {
  q?: string;
  kind?: z.infer<typeof EventKind>;
  format?: z.infer<typeof EventFormat>;
  from?: string;
  to?: string;
  tag?: string;
  location?: string;
  org?: string;
  /** `me`: only events whose requirements the signed-in user meets (401 when anonymous). */
  fits?: 'me';
  cursor?: string;
  limit?: number;
};

/** Filters of an event's programme (see `SessionListQuery`). */
export type SessionFilter = {
  day?: string;
  from?: string;
  to?: string;
  tag?: string;
  location?: string;
  person?: string;
  q?: string;
  include?: Array<'people' | 'location' | 'tags'>;
};

const list = (values: string[] | undefined) => (values?.length ? values.join(',') : undefined);

/**
 * The public catalogue: no sign-in needed for published events. Signed-in
 * members of the organization get the same answers for events in any status.
 */
export function publicCatalogApi(options: HttpOptions) {
  return {
    /** Published, public events; pass the answer's `nextCursor` back as `cursor`. */
    events: (filter: PublicEventFilter = {}, signal?: AbortSignal) =>
      request(options, '/api/v1/events', { schema: PublicEventPage, query: { ...filter }, signal }),
    /** One event by id or `orgSlug/eventSlug`. */
    event: (idOrSlug: string, signal?: AbortSignal) =>
      request(options, eventPath(idOrSlug), { schema: PublicEvent, signal }),
    sessions: (eventIdOrSlug: string, filter: SessionFilter = {}, signal?: AbortSignal) =>
      request(options, `${eventPath(eventIdOrSlug)}/sessions`, {
        schema: itemsOf(SessionWithIncludes),
        query: { ...filter, include: list(filter.include) },
        signal,
      }),
    session: (sessionId: string, include: Array<'people' | 'location' | 'tags'> = [], signal?: AbortSignal) =>
      request(options, `/api/v1/sessions/${encodeURIComponent(sessionId)}`, {
        schema: SessionWithIncludes,
        query: { include: list(include) },
        signal,
      }),
    people: (eventIdOrSlug: string, include: Array<'sessions'> = [], signal?: AbortSignal) =>
      request(options, `${eventPath(eventIdOrSlug)}/people`, {
        schema: itemsOf(PersonWithIncludes),
        query: { include: list(include) },
        signal,
      }),
    person: (personId: string, include: Array<'sessions'> = [], signal?: AbortSignal) =>
      request(options, `/api/v1/people/${encodeURIComponent(personId)}`, {
        schema: PersonWithIncludes,
        query: { include: list(include) },
        signal,
      }),
    /** The locations where the event's sessions take place. */
    locations: (eventIdOrSlug: string, signal?: AbortSignal) =>
      request(options, `${eventPath(eventIdOrSlug)}/locations`, { schema: itemsOf(Location), signal }),
    /** URL of the event's iCalendar feed (all scheduled sessions). */
    calendarUrl: (eventIdOrSlug: string) => `${options.baseUrl ?? ''}${eventPath(eventIdOrSlug)}/calendar.ics`,
    /** URL of one session's iCalendar file. */
    sessionCalendarUrl: (sessionId: string) =>
      `${options.baseUrl ?? ''}/api/v1/sessions/${encodeURIComponent(sessionId)}/calendar.ics`,
  };
}
