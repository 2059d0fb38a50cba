import type {
  AssignOrganizerBody,
  CreateEventBody,
  EventDetail,
  EventStatus,
  UpdateEventBody,
  UpdateOrganizerBody,
} from '@foyer/contracts';
import { useInfiniteQuery, useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import type { z } from 'zod';
import { api } from './client.ts';
import { accountKeys } from './query-keys.ts';

const EVENTS_PAGE_SIZE = 25;

/** One organization's events, newest pages on demand; `status` '' means every status. */
export function useEvents(orgId: string, status: EventStatus | '') {
  return useInfiniteQuery({
    queryKey: accountKeys.events(orgId, status),
    queryFn: ({ pageParam, signal }) =>
      api.events.list(
        orgId,
        { limit: EVENTS_PAGE_SIZE, ...(status ? { status } : {}), ...(pageParam ? { cursor: pageParam } : {}) },
        signal,
      ),
    initialPageParam: null as string | null,
    getNextPageParam: (last) => last.nextCursor,
  });
}

export function useEvent(eventId: string) {
  return useQuery({ queryKey: accountKeys.event(eventId), queryFn: ({ signal }) => api.events.get(eventId, signal) });
}

export function useEventHistory(eventId: string) {
  return useQuery({
    queryKey: accountKeys.eventHistory(eventId),
    queryFn: ({ signal }) => api.events.statusHistory(eventId, signal),
  });
}

export function useEventOrganizers(eventId: string) {
  return useQuery({
    queryKey: accountKeys.eventOrganizers(eventId),
    queryFn: ({ signal }) => api.eventOrganizers.list(eventId, signal),
  });
}

export function useCreateEvent(orgId: string) {
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: (body: z.input<typeof CreateEventBody>) => api.events.create(orgId, body),
    onSuccess: (event) => {
      // The event page reads the detail shape; a new event has no tags or links yet.
      queryClient.setQueryData(accountKeys.event(event.id), { ...event, tags: [], links: [] } satisfies EventDetail);
      return queryClient.invalidateQueries({ queryKey: accountKeys.events(orgId) });
    },
  });
}

/** Every change to an event refreshes it, its lists, history and the audit log. */
function useEventMutation<A, R>(orgId: string, eventId: string, mutationFn: (args: A) => Promise<R>) {
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn,
    onSuccess: () =>
      Promise.all([
        queryClient.invalidateQueries({ queryKey: accountKeys.event(eventId) }),
        queryClient.invalidateQueries({ queryKey: accountKeys.events(orgId) }),
        queryClient.invalidateQueries({ queryKey: accountKeys.auditLog(orgId) }),
      ]),
  });
}

export function useUpdateEvent(orgId: string, eventId: string) {
  return useEventMutation(orgId, eventId, (body: z.input<typeof UpdateEventBody>) => api.events.update(eventId, body));
}

export function useChangeEventStatus(orgId: string, eventId: string) {
  return useEventMutation(orgId, eventId, ({ status, reason }: { status: EventStatus; reason?: string }) =>
    api.events.changeStatus(eventId, status, reason),
  );
}

/**
 * Deletes an event. `onDeleted` runs first (leave the event's page); the
 * event's own queries are marked stale but not fetched again, since its page
 * may still be mounted for a moment and would ask for it and get a 404.
 */
export function useDeleteEvent(orgId: string, eventId: string, onDeleted: () => void) {
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: () => api.events.remove(eventId),
    onSuccess: () => {
      onDeleted();
      void queryClient.invalidateQueries({ queryKey: accountKeys.event(eventId), refetchType: 'none' });
      return queryClient.invalidateQueries({ queryKey: accountKeys.events(orgId) });
    },
  });
}

export function useAssignOrganizer(orgId: string, eventId: string) {
  return useEventMutation(orgId, eventId, (body: z.input<typeof AssignOrganizerBody>) =>
    api.eventOrganizers.assign(eventId, body),
  );
}

export function useUpdateOrganizer(orgId: string, eventId: string) {
  return useEventMutation(
    orgId,
    eventId,
    ({ userId, ...body }: z.input<typeof UpdateOrganizerBody> & { userId: string }) =>
      api.eventOrganizers.update(eventId, userId, body),
  );
}
