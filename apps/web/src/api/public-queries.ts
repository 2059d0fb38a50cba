import type { PublicEventFilter, SessionFilter } from '@foyer/client';
import { keepPreviousData, useInfiniteQuery, useQuery } from '@tanstack/react-query';
import { api } from './client.ts';
import { accountKeys } from './query-keys.ts';

const EVENTS_PAGE_SIZE = 20;
const SESSION_INCLUDES: Array<'people' | 'location' | 'tags'> = ['people', 'location', 'tags'];

// Under the account prefix on purpose: members also see drafts through these
// routes, and signing out drops everything under it.
const root = [...accountKeys.all, 'public'] as const;
export const publicKeys = {
  events: (filter: PublicEventFilter) => [...root, 'events', filter] as const,
  event: (path: string) => [...root, 'event', path] as const,
  sessions: (path: string, filter: SessionFilter) => [...root, 'event', path, 'sessions', filter] as const,
  people: (path: string) => [...root, 'event', path, 'people'] as const,
  locations: (path: string) => [...root, 'event', path, 'locations'] as const,
  session: (sessionId: string) => [...root, 'session', sessionId] as const,
  person: (personId: string) => [...root, 'person', personId] as const,
};

/** Published public events matching `filter`, a page at a time. */
export function usePublicEvents(filter: PublicEventFilter) {
  return useInfiniteQuery({
    queryKey: publicKeys.events(filter),
    queryFn: ({ pageParam, signal }) =>
      api.catalog.events({ ...filter, limit: EVENTS_PAGE_SIZE, ...(pageParam ? { cursor: pageParam } : {}) }, signal),
    initialPageParam: null as string | null,
    getNextPageParam: (last) => last.nextCursor,
  });
}

/** One event by its `orgSlug/eventSlug` path. */
export function usePublicEvent(path: string) {
  return useQuery({ queryKey: publicKeys.event(path), queryFn: ({ signal }) => api.catalog.event(path, signal) });
}

/** The event's scheduled sessions with their people, location and tags; the previous answer stays while filtering. */
export function usePublicSessions(path: string, filter: SessionFilter = {}) {
  return useQuery({
    queryKey: publicKeys.sessions(path, filter),
    queryFn: ({ signal }) => api.catalog.sessions(path, { ...filter, include: SESSION_INCLUDES }, signal),
    placeholderData: keepPreviousData,
  });
}

export function usePublicPeople(path: string) {
  return useQuery({
    queryKey: publicKeys.people(path),
    queryFn: ({ signal }) => api.catalog.people(path, ['sessions'], signal),
  });
}

export function usePublicLocations(path: string) {
  return useQuery({
    queryKey: publicKeys.locations(path),
    queryFn: ({ signal }) => api.catalog.locations(path, signal),
  });
}

export function usePublicSession(sessionId: string) {
  return useQuery({
    queryKey: publicKeys.session(sessionId),
    queryFn: ({ signal }) => api.catalog.session(sessionId, SESSION_INCLUDES, signal),
  });
}

export function usePublicPerson(personId: string) {
  return useQuery({
    queryKey: publicKeys.person(personId),
    queryFn: ({ signal }) => api.catalog.person(personId, ['sessions'], signal),
  });
}

/** Links to the iCalendar files; same origin, so relative. */
export const calendarUrl = (path: string) => api.catalog.calendarUrl(path);
export const sessionCalendarUrl = (sessionId: string) => api.catalog.sessionCalendarUrl(sessionId);
