import {
  type CreateLocationBody,
  type CreatePersonBody,
  type CreateSessionBody,
  Link,
  type LinkInput,
  Location,
  Person,
  Session,
  Tag,
  type UpdateLocationBody,
  type UpdatePersonBody,
  type UpdateSessionBody,
} from '@foyer/contracts';
import type { z } from 'zod';
import { type HttpOptions, itemsOf, request } from './http.ts';

const V1 = '/api/v1';
const id = encodeURIComponent;
const org = (orgId: string) => `${V1}/orgs/${id(orgId)}`;
const event = (eventId: string) => `${V1}/events/${id(eventId)}`;

/** Sessions of an event (organiser side: every session, scheduled or not). */
export function sessionsApi(options: HttpOptions) {
  return {
    list: (eventId: string, signal?: AbortSignal) =>
      request(options, `${event(eventId)}/sessions`, { schema: itemsOf(Session), signal }),
    get: (sessionId: string, signal?: AbortSignal) =>
      request(options, `${V1}/sessions/${id(sessionId)}`, { schema: Session, signal }),
    /** 422 when the times fall outside the event or people/tags/location belong elsewhere. */
    create: (eventId: string, body: z.input<typeof CreateSessionBody>) =>
      request(options, `${event(eventId)}/sessions`, { method: 'POST', body, schema: Session }),
    update: (sessionId: string, body: z.input<typeof UpdateSessionBody>) =>
      request(options, `${V1}/sessions/${id(sessionId)}`, { method: 'PATCH', body, schema: Session }),
    remove: (sessionId: string) =>
      request(options, `${V1}/sessions/${id(sessionId)}`, { method: 'DELETE', schema: null }),
  };
}

/** People of an event: speakers, artists, facilitators. */
export function peopleApi(options: HttpOptions) {
  return {
    list: (eventId: string, signal?: AbortSignal) =>
      request(options, `${event(eventId)}/people`, { schema: itemsOf(Person), signal }),
    get: (personId: string, signal?: AbortSignal) =>
      request(options, `${V1}/people/${id(personId)}`, { schema: Person, signal }),
    create: (eventId: string, body: z.input<typeof CreatePersonBody>) =>
      request(options, `${event(eventId)}/people`, { method: 'POST', body, schema: Person }),
    update: (personId: string, body: z.input<typeof UpdatePersonBody>) =>
      request(options, `${V1}/people/${id(personId)}`, { method: 'PATCH', body, schema: Person }),
    /** The person is taken off every session. */
    remove: (personId: string) => request(options, `${V1}/people/${id(personId)}`, { method: 'DELETE', schema: null }),
  };
}

/** Locations of an organization, reused across its events. */
export function locationsApi(options: HttpOptions) {
  return {
    list: (orgId: string, signal?: AbortSignal) =>
      request(options, `${org(orgId)}/locations`, { schema: itemsOf(Location), signal }),
    get: (locationId: string, signal?: AbortSignal) =>
      request(options, `${V1}/locations/${id(locationId)}`, { schema: Location, signal }),
    create: (orgId: string, body: z.input<typeof CreateLocationBody>) =>
      request(options, `${org(orgId)}/locations`, { method: 'POST', body, schema: Location }),
    update: (locationId: string, body: z.input<typeof UpdateLocationBody>) =>
      request(options, `${V1}/locations/${id(locationId)}`, { method: 'PATCH', body, schema: Location }),
    /** Sessions held there keep going without a location. */
    remove: (locationId: string) =>
      request(options, `${V1}/locations/${id(locationId)}`, { method: 'DELETE', schema: null }),
  };
}

/** Tags of an organization, and the tags of one event. */
export function tagsApi(options: HttpOptions) {
  return {
    list: (orgId: string, signal?: AbortSignal) =>
      request(options, `${org(orgId)}/tags`, { schema: itemsOf(Tag), signal }),
    /** 409 when the organization has the name already (case-insensitively). */
    create: (orgId: string, name: string) =>
      request(options, `${org(orgId)}/tags`, { method: 'POST', body: { name }, schema: Tag }),
    remove: (tagId: string) => request(options, `${V1}/tags/${id(tagId)}`, { method: 'DELETE', schema: null }),
    /** Replaces the event's tags; answers the tags it has now. */
    replaceOfEvent: (eventId: string, tagIds: string[]) =>
      request(options, `${event(eventId)}/tags`, { method: 'PUT', body: { tagIds }, schema: itemsOf(Tag) }),
  };
}

type Links = z.input<typeof LinkInput>[];

/** Links (URL + service kind) of an event, a person or a location; each PUT replaces the whole list. */
export function linksApi(options: HttpOptions) {
  const replace = (path: string, links: Links) =>
    request(options, `${path}/links`, { method: 'PUT', body: { links }, schema: itemsOf(Link) });
  return {
    replaceOfEvent: (eventId: string, links: Links) => replace(event(eventId), links),
    replaceOfPerson: (personId: string, links: Links) => replace(`${V1}/people/${id(personId)}`, links),
    replaceOfLocation: (locationId: string, links: Links) => replace(`${V1}/locations/${id(locationId)}`, links),
  };
}
