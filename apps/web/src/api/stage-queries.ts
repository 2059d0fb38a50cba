import type { StageSettingsBody } from '@foyer/contracts';
import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { useAuth } from '../auth/auth-context.tsx';
import { api } from './client.ts';
import { accountKeys } from './query-keys.ts';

// Under the account prefix: organizers see a stage that is switched off, the public does not.
export const stageKeys = {
  all: [...accountKeys.all, 'stage'] as const,
  /** Per person: the answer says whether they moderate. */
  stage: (eventRef: string, userId: string | null) => [...accountKeys.all, 'stage', eventRef, userId] as const,
  guest: (eventId: string) => ['stage-guest', eventId] as const,
};

/** The stage of an event by id or `orgSlug/eventSlug`. */
export function useStage(eventRef: string) {
  const userId = useAuth().user?.id ?? null;
  return useQuery({
    queryKey: stageKeys.stage(eventRef, userId),
    queryFn: ({ signal }) => api.stage.get(eventRef, signal),
    retry: false,
  });
}

export function useSaveStage(eventId: string) {
  const queryClient = useQueryClient();
  const userId = useAuth().user?.id ?? null;
  return useMutation({
    mutationFn: (body: StageSettingsBody) => api.stage.put(eventId, body),
    onSuccess: (stage) => {
      queryClient.setQueryData(stageKeys.stage(eventId, userId), stage);
      void queryClient.invalidateQueries({ queryKey: stageKeys.all });
    },
  });
}

/** The guest identity this browser holds for the event (null: none). */
export function useStageGuest(eventId: string, enabled: boolean) {
  return useQuery({
    queryKey: stageKeys.guest(eventId),
    queryFn: () => api.chat.guest(eventId),
    enabled,
    staleTime: Number.POSITIVE_INFINITY,
  });
}
