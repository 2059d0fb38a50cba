import type {
  CreateLocationBody,
  CreatePersonBody,
  CreateSessionBody,
  DuplicateEventBody,
  LinkInput,
  UpdateLocationBody,
  UpdatePersonBody,
  UpdateSessionBody,
} from '@foyer/contracts';
import { type QueryKey, useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import type { z } from 'zod';
import { api } from './client.ts';
import { accountKeys } from './query-keys.ts';

type Links = z.input<typeof LinkInput>[];

// Under the account keys, so signing out drops them with everything else.
export const programmeKeys = {
  sessions: (eventId: string) => [...accountKeys.event(eventId), 'sessions'] as const,
  people: (eventId: string) => [...accountKeys.event(eventId), 'people'] as const,
  locations: (orgId: string) => [...accountKeys.org(orgId), 'locations'] as const,
  tags: (orgId: string) => [...accountKeys.org(orgId), 'tags'] as const,
};

export function useSessions(eventId: string) {
  return useQuery({
    queryKey: programmeKeys.sessions(eventId),
    queryFn: ({ signal }) => api.sessions.list(eventId, signal),
  });
}

export function usePeople(eventId: string) {
  return useQuery({
    queryKey: programmeKeys.people(eventId),
    queryFn: ({ signal }) => api.people.list(eventId, signal),
  });
}

export function useLocations(orgId: string) {
  return useQuery({
    queryKey: programmeKeys.locations(orgId),
    queryFn: ({ signal }) => api.locations.list(orgId, signal),
  });
}

export function useTags(orgId: string) {
  return useQuery({ queryKey: programmeKeys.tags(orgId), queryFn: ({ signal }) => api.tags.list(orgId, signal) });
}

/** A mutation that refreshes the given lists (and the audit log) once it succeeds. */
function useRefreshing<A, R>(orgId: string, keys: QueryKey[], mutationFn: (args: A) => Promise<R>) {
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn,
    onSuccess: () =>
      Promise.all(
        [...keys, accountKeys.auditLog(orgId)].map((queryKey) => queryClient.invalidateQueries({ queryKey })),
      ),
  });
}

export function useCreateSession(orgId: string, eventId: string) {
  return useRefreshing(orgId, [programmeKeys.sessions(eventId)], (body: z.input<typeof CreateSessionBody>) =>
    api.sessions.create(eventId, body),
  );
}

export function useUpdateSession(orgId: string, eventId: string) {
  return useRefreshing(
    orgId,
    [programmeKeys.sessions(eventId)],
    ({ id, ...body }: z.input<typeof UpdateSessionBody> & { id: string }) => api.sessions.update(id, body),
  );
}

export function useDeleteSession(orgId: string, eventId: string) {
  return useRefreshing(orgId, [programmeKeys.sessions(eventId)], (id: string) => api.sessions.remove(id));
}

/** Creates or edits a person, then replaces their links. */
export function useSavePerson(orgId: string, eventId: string) {
  return useRefreshing(
    orgId,
    [programmeKeys.people(eventId)],
    async ({ id, links, ...body }: z.input<typeof CreatePersonBody> & { id?: string; links: Links }) => {
      const person = id
        ? await api.people.update(id, body as z.input<typeof UpdatePersonBody>)
        : await api.people.create(eventId, body);
      await api.links.replaceOfPerson(person.id, links);
      return person;
    },
  );
}

export function useDeletePerson(orgId: string, eventId: string) {
  // Sessions lose the person too.
  return useRefreshing(orgId, [programmeKeys.people(eventId), programmeKeys.sessions(eventId)], (id: string) =>
    api.people.remove(id),
  );
}

/** Creates or edits a location, then replaces its links. */
export function useSaveLocation(orgId: string) {
  return useRefreshing(
    orgId,
    [programmeKeys.locations(orgId)],
    async ({ id, links, ...body }: z.input<typeof CreateLocationBody> & { id?: string; links: Links }) => {
      const location = id
        ? await api.locations.update(id, body as z.input<typeof UpdateLocationBody>)
        : await api.locations.create(orgId, body);
      await api.links.replaceOfLocation(location.id, links);
      return location;
    },
  );
}

export function useDeleteLocation(orgId: string) {
  return useRefreshing(orgId, [programmeKeys.locations(orgId)], (id: string) => api.locations.remove(id));
}

export function useCreateTag(orgId: string) {
  return useRefreshing(orgId, [programmeKeys.tags(orgId)], (name: string) => api.tags.create(orgId, name));
}

export function useDeleteTag(orgId: string) {
  return useRefreshing(orgId, [programmeKeys.tags(orgId)], (id: string) => api.tags.remove(id));
}

export function useReplaceEventTags(orgId: string, eventId: string) {
  return useRefreshing(orgId, [accountKeys.event(eventId)], (tagIds: string[]) =>
    api.tags.replaceOfEvent(eventId, tagIds),
  );
}

export function useReplaceEventLinks(orgId: string, eventId: string) {
  return useRefreshing(orgId, [accountKeys.event(eventId)], (links: Links) => api.links.replaceOfEvent(eventId, links));
}

export function useDuplicateEvent(orgId: string, eventId: string) {
  return useRefreshing(orgId, [accountKeys.events(orgId)], (body: z.input<typeof DuplicateEventBody>) =>
    api.events.duplicate(eventId, body),
  );
}
