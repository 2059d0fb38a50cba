import type { RegistrationFilter } from '@foyer/client';
import type {
  CreateQuestionBody,
  CreateRequirementBody,
  RegisterBody,
  UpdateQuestionBody,
  UpdateRequirementBody,
} from '@foyer/contracts';
import { keepPreviousData, useInfiniteQuery, useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import type { z } from 'zod';
import { api } from './client.ts';
import { accountKeys } from './query-keys.ts';

const PAGE_SIZE = 25;

// Under the account prefix, so signing out drops them with everything else.
export const registrationKeys = {
  form: (eventId: string) => [...accountKeys.all, 'registration-form', eventId] as const,
  event: (eventId: string) => [...accountKeys.event(eventId), 'registrations'] as const,
  list: (eventId: string, filter: RegistrationFilter) =>
    [...accountKeys.event(eventId), 'registrations', 'list', filter] as const,
  summary: (eventId: string) => [...accountKeys.event(eventId), 'registrations', 'summary'] as const,
  questions: (eventId: string) => [...accountKeys.event(eventId), 'questions'] as const,
  requirements: (eventId: string) => [...accountKeys.event(eventId), 'requirements'] as const,
  mine: [...accountKeys.all, 'my-registrations'] as const,
  myOne: (id: string) => [...accountKeys.all, 'my-registrations', id] as const,
};

/** What the public form shows: state, seats, questions, requirements. */
export function useRegistrationForm(eventId: string) {
  return useQuery({
    queryKey: registrationKeys.form(eventId),
    queryFn: ({ signal }) => api.registrationForm.get(eventId, signal),
  });
}

/** Registers with one idempotency key per submission attempt (the caller keeps it for retries). */
export function useRegister(eventId: string) {
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: ({ body, key }: { body: z.input<typeof RegisterBody>; key: string }) =>
      api.registrations.register(eventId, body, key),
    onSuccess: () =>
      Promise.all([
        queryClient.invalidateQueries({ queryKey: registrationKeys.form(eventId) }),
        queryClient.invalidateQueries({ queryKey: registrationKeys.mine }),
      ]),
  });
}

export function useMyRegistrations() {
  return useQuery({ queryKey: registrationKeys.mine, queryFn: ({ signal }) => api.myRegistrations.list(signal) });
}

export function useMyRegistration(id: string) {
  return useQuery({
    queryKey: registrationKeys.myOne(id),
    queryFn: ({ signal }) => api.myRegistrations.get(id, signal),
  });
}

export function useCancelMyRegistration() {
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: (id: string) => api.registrations.cancel(id),
    onSuccess: () => queryClient.invalidateQueries({ queryKey: registrationKeys.mine }),
  });
}

/** A registration by its own link (guests without an account). */
export function useRegistrationByLink(id: string, token: string) {
  return useQuery({
    queryKey: [...registrationKeys.myOne(id), 'link'],
    queryFn: ({ signal }) => api.registrations.byLink(id, token, signal),
    enabled: token !== '',
    retry: false,
  });
}

export function useCancelByLink(id: string, token: string) {
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: () => api.registrations.cancelByLink(id, token),
    onSuccess: () => queryClient.invalidateQueries({ queryKey: registrationKeys.myOne(id) }),
  });
}

/** An event's registrations for its organisers, a page at a time (cursor paging). */
export function useRegistrations(eventId: string, filter: RegistrationFilter) {
  return useInfiniteQuery({
    queryKey: registrationKeys.list(eventId, filter),
    queryFn: ({ pageParam, signal }) =>
      api.registrations.list(
        eventId,
        { ...filter, limit: PAGE_SIZE, ...(pageParam ? { cursor: pageParam } : {}) },
        signal,
      ),
    initialPageParam: null as string | null,
    getNextPageParam: (last) => last.nextCursor,
    placeholderData: keepPreviousData,
  });
}

export function useRegistrationSummary(eventId: string) {
  return useQuery({
    queryKey: registrationKeys.summary(eventId),
    queryFn: ({ signal }) => api.registrations.summary(eventId, signal),
  });
}

/** Any organiser decision refreshes the list, the summary and the public form's seat count. */
function useRegistrationsMutation<A, R>(eventId: string, mutationFn: (args: A) => Promise<R>) {
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn,
    onSuccess: () =>
      Promise.all([
        queryClient.invalidateQueries({ queryKey: registrationKeys.event(eventId) }),
        queryClient.invalidateQueries({ queryKey: registrationKeys.form(eventId) }),
      ]),
  });
}

export type Decision = 'approve' | 'decline' | 'promote' | 'cancel';

export function useDecide(eventId: string) {
  return useRegistrationsMutation(eventId, ({ id, decision }: { id: string; decision: Decision }) => {
    if (decision === 'approve') return api.registrations.approve(id);
    if (decision === 'decline') return api.registrations.decline(id);
    if (decision === 'promote') return api.registrations.promote(id);
    return api.registrations.cancel(id);
  });
}

export function usePromoteNext(eventId: string) {
  return useRegistrationsMutation(eventId, () => api.registrations.promoteNext(eventId));
}

export function useImportRegistrations(eventId: string) {
  return useRegistrationsMutation(eventId, (csv: string) => api.registrations.import(eventId, csv));
}

/** Checks a code in to the event's door, or to one session when `sessionId` is given. */
export function useCheckIn(eventId: string) {
  return useRegistrationsMutation(eventId, ({ code, sessionId }: { code: string; sessionId?: string }) =>
    api.checkIns.checkIn(eventId, code, sessionId),
  );
}

export function useUndoCheckIn(eventId: string) {
  return useRegistrationsMutation(
    eventId,
    ({ registrationId, sessionId }: { registrationId: string; sessionId?: string }) =>
      api.checkIns.undo(eventId, registrationId, sessionId),
  );
}

export function useQuestions(eventId: string) {
  return useQuery({
    queryKey: registrationKeys.questions(eventId),
    queryFn: ({ signal }) => api.registrationForm.questions(eventId, signal),
  });
}

export function useRequirements(eventId: string) {
  return useQuery({
    queryKey: registrationKeys.requirements(eventId),
    queryFn: ({ signal }) => api.registrationForm.requirements(eventId, signal),
  });
}

function useFormPartMutation<A, R>(eventId: string, key: 'questions' | 'requirements', fn: (args: A) => Promise<R>) {
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: fn,
    onSuccess: () =>
      Promise.all([
        queryClient.invalidateQueries({ queryKey: registrationKeys[key](eventId) }),
        queryClient.invalidateQueries({ queryKey: registrationKeys.form(eventId) }),
      ]),
  });
}

export function useSaveQuestion(eventId: string) {
  return useFormPartMutation(
    eventId,
    'questions',
    ({ id, body }: { id: string | null; body: z.input<typeof UpdateQuestionBody> }) =>
      id
        ? api.registrationForm.updateQuestion(eventId, id, body)
        : api.registrationForm.createQuestion(eventId, body as z.input<typeof CreateQuestionBody>),
  );
}

export function useDeleteQuestion(eventId: string) {
  return useFormPartMutation(eventId, 'questions', (id: string) => api.registrationForm.removeQuestion(eventId, id));
}

export function useSaveRequirement(eventId: string) {
  return useFormPartMutation(
    eventId,
    'requirements',
    ({ id, body }: { id: string | null; body: z.input<typeof UpdateRequirementBody> }) =>
      id
        ? api.registrationForm.updateRequirement(eventId, id, body)
        : api.registrationForm.createRequirement(eventId, body as z.input<typeof CreateRequirementBody>),
  );
}

export function useDeleteRequirement(eventId: string) {
  return useFormPartMutation(eventId, 'requirements', (id: string) =>
    api.registrationForm.removeRequirement(eventId, id),
  );
}

const requirementKeysKey = [...accountKeys.all, 'requirement-keys'] as const;

/** The requirement keys the signed-in user meets. */
export function useMyRequirementKeys() {
  return useQuery({
    queryKey: requirementKeysKey,
    queryFn: ({ signal }) => api.myRegistrations.requirementKeys(signal),
  });
}

/** Replaces the set; "fits me" event lists depend on it, so they are fetched again. */
export function useSetMyRequirementKeys() {
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: (keys: string[]) => api.myRegistrations.setRequirementKeys(keys),
    onSuccess: (saved) => {
      queryClient.setQueryData(requirementKeysKey, saved);
      return queryClient.invalidateQueries({ queryKey: [...accountKeys.all, 'public', 'events'] });
    },
  });
}
