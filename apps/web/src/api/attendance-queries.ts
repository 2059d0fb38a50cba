import type { AttendanceOverrideBody, RecordAttendanceBody } from '@foyer/contracts';
import { useInfiniteQuery, useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import type { z } from 'zod';
import { api } from './client.ts';
import { registrationKeys } from './registration-queries.ts';

const PAGE_SIZE = 50;

// Under the event's registrations, so a check-in or a decision refreshes attendance too.
export const attendanceKeys = {
  event: (eventId: string) => [...registrationKeys.event(eventId), 'attendance'] as const,
  one: (eventId: string, registrationId: string) =>
    [...registrationKeys.event(eventId), 'attendance', 'one', registrationId] as const,
};

/** Everyone's minutes, attended and eligible, a page at a time. */
export function useAttendance(eventId: string) {
  return useInfiniteQuery({
    queryKey: attendanceKeys.event(eventId),
    queryFn: ({ pageParam, signal }) =>
      api.attendance.list(eventId, { limit: PAGE_SIZE, ...(pageParam ? { cursor: pageParam } : {}) }, signal),
    initialPageParam: null as string | null,
    getNextPageParam: (last) => last.nextCursor,
  });
}

/** One registration's ledger, its result and the rule. */
export function useRegistrationAttendance(eventId: string, registrationId: string) {
  return useQuery({
    queryKey: attendanceKeys.one(eventId, registrationId),
    queryFn: ({ signal }) => api.attendance.get(registrationId, signal),
  });
}

function useAttendanceMutation<A, R>(eventId: string, mutationFn: (args: A) => Promise<R>) {
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn,
    onSuccess: () => queryClient.invalidateQueries({ queryKey: attendanceKeys.event(eventId) }),
  });
}

export function useOverrideAttendance(eventId: string) {
  return useAttendanceMutation(
    eventId,
    ({ registrationId, body }: { registrationId: string; body: z.input<typeof AttendanceOverrideBody> }) =>
      api.attendance.override(registrationId, body),
  );
}

export function useRecordAttendance(eventId: string) {
  return useAttendanceMutation(eventId, (body: z.input<typeof RecordAttendanceBody>) =>
    api.attendance.record(eventId, body),
  );
}
