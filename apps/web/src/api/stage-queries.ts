import type { StageSettingsBody } from '@foyer/contracts';
import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { api } from './client.ts';
import { accountKeys } from './query-keys.ts';

// Under the account prefix: organizers see a stage that is switched off, the public does not.
export const stageKeys = {
  stage: (eventRef: string) => [...accountKeys.all, 'stage', eventRef] as const,
  guest: (eventId: string) => ['stage-guest', eventId] as const,
  sanctions: (eventId: string) => [...accountKeys.all, 'chat-sanctions', eventId] as const,
};

/** The stage of an event by id or `orgSlug/eventSlug`. */
export function useStage(eventRef: string) {
  return useQuery({
    queryKey: stageKeys.stage(eventRef),
    queryFn: ({ signal }) => api.stage.get(eventRef, signal),
    retry: false,
  });
}

export function useSaveStage(eventId: string) {
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: (body: StageSettingsBody) => api.stage.put(eventId, body),
    onSuccess: (stage) => {
      queryClient.setQueryData(stageKeys.stage(eventId), stage);
      void queryClient.invalidateQueries({ queryKey: [...accountKeys.all, 'stage'] });
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

/**
 * Whether the signed-in person moderates the event's chats: the sanctions
 * list answers only its moderators (the same `event.manage` rule).
 */
export function useIsModerator(eventId: string, signedIn: boolean) {
  const sanctions = useQuery({
    queryKey: stageKeys.sanctions(eventId),
    queryFn: () => api.chat.sanctions(eventId),
    enabled: signedIn,
    retry: false,
  });
  return signedIn && sanctions.isSuccess;
}
