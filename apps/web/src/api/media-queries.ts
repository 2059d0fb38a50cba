import type { MediaItem, MediaKind } from '@foyer/contracts';
import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { api, session } from './client.ts';
import { accountKeys } from './query-keys.ts';

// Under the account keys, so signing out drops them with everything else.
export const mediaKeys = {
  all: (orgId: string) => [...accountKeys.org(orgId), 'media'] as const,
  list: (orgId: string, filter: { kind?: MediaKind; q?: string }) =>
    [...accountKeys.org(orgId), 'media', 'list', filter] as const,
  quota: (orgId: string) => [...accountKeys.org(orgId), 'media', 'quota'] as const,
  usage: (mediaId: string) => ['account', 'media', mediaId, 'usage'] as const,
  signed: (mediaId: string) => ['account', 'media', mediaId, 'signed'] as const,
};

export function useMediaList(orgId: string, filter: { kind?: MediaKind; q?: string }) {
  return useQuery({
    queryKey: mediaKeys.list(orgId, filter),
    queryFn: ({ signal }) => api.media.list(orgId, filter, signal),
    placeholderData: (previous) => previous,
  });
}

export function useMediaQuota(orgId: string) {
  return useQuery({ queryKey: mediaKeys.quota(orgId), queryFn: ({ signal }) => api.media.quota(orgId, signal) });
}

export function useMediaUsage(mediaId: string | null) {
  return useQuery({
    queryKey: mediaKeys.usage(mediaId ?? ''),
    queryFn: ({ signal }) => api.media.usage(mediaId ?? '', signal),
    enabled: mediaId !== null,
  });
}

/** A thumbnail address: the resized variant of a public image, a signed link to a private one's original. */
export function useThumbnail(item: MediaItem): string | null {
  const signed = useQuery({
    queryKey: mediaKeys.signed(item.id),
    queryFn: () => api.media.signedUrl(item.id, 3600),
    enabled: item.kind === 'image' && !item.imageUrl,
    // Signed for an hour: ask again well before it runs out.
    staleTime: 30 * 60_000,
  });
  if (item.kind !== 'image') return null;
  if (item.imageUrl) return `${item.imageUrl}&w=320&h=240&fit=cover`;
  return signed.data?.url ?? null;
}

export function useUpdateMedia(orgId: string) {
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: ({ id, ...body }: { id: string; altText?: string; visibility?: 'public' | 'private' }) =>
      api.media.update(id, body),
    onSuccess: () => queryClient.invalidateQueries({ queryKey: mediaKeys.all(orgId) }),
  });
}

export function useDeleteMedia(orgId: string) {
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: (id: string) => api.media.remove(id),
    onSuccess: () => queryClient.invalidateQueries({ queryKey: mediaKeys.all(orgId) }),
  });
}

export interface UploadProblem {
  status: number;
  code: string | null;
  detail: string | null;
}

/**
 * Uploads one file as multipart (field `file`) with XMLHttpRequest, which
 * reports upload progress (fetch does not). `onProgress` gets 0…1.
 */
export async function uploadMedia(
  orgId: string,
  file: File,
  onProgress: (fraction: number) => void,
): Promise<MediaItem> {
  const token = await session.accessToken();
  return new Promise((resolve, reject) => {
    const xhr = new XMLHttpRequest();
    xhr.open('POST', api.media.uploadPath(orgId));
    if (token) xhr.setRequestHeader('authorization', `Bearer ${token}`);
    xhr.upload.onprogress = (e) => {
      if (e.lengthComputable) onProgress(e.loaded / e.total);
    };
    xhr.onload = () => {
      let body: Record<string, unknown> = {};
      try {
        body = JSON.parse(xhr.responseText) as Record<string, unknown>;
      } catch {
        // Not JSON (a proxy's error page): the status says enough.
      }
      if (xhr.status === 200 || xhr.status === 201) {
        onProgress(1);
        resolve(body as unknown as MediaItem);
      } else {
        const problem: UploadProblem = {
          status: xhr.status,
          code: typeof body.code === 'string' ? body.code : null,
          detail: typeof body.detail === 'string' ? body.detail : null,
        };
        reject(problem);
      }
    };
    xhr.onerror = () => reject({ status: 0, code: null, detail: null } satisfies UploadProblem);
    const form = new FormData();
    form.append('file', file, file.name);
    xhr.send(form);
  });
}

/** The images shown on an event (public). */
export function useEventImages(eventId: string | undefined) {
  return useQuery({
    queryKey: ['public', 'event-media', eventId ?? ''],
    queryFn: ({ signal }) => api.media.ofEvent(eventId ?? '', signal),
    enabled: Boolean(eventId),
  });
}

/** Shows an image as the event's cover, or (mediaId null) stops showing one. */
export function useSetEventCover(orgId: string, eventId: string) {
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: async (mediaId: string | null): Promise<void> => {
      if (mediaId) await api.media.attachToEvent(eventId, 'cover', mediaId);
      else await api.media.detachFromEvent(eventId, 'cover');
    },
    onSuccess: async () => {
      await queryClient.invalidateQueries({ queryKey: ['public', 'event-media', eventId] });
      await queryClient.invalidateQueries({ queryKey: mediaKeys.all(orgId) });
    },
  });
}
