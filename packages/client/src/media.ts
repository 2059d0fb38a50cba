import {
  MediaAttachment,
  MediaItem,
  type MediaKind,
  MediaUsage,
  page,
  SignedMediaUrl,
  type UpdateMediaBody,
} from '@foyer/contracts';
import { z } from 'zod';
import { type HttpOptions, itemsOf, request } from './http.ts';

const V1 = '/api/v1';
const id = encodeURIComponent;
const MediaPage = page(MediaItem);
const Quota = z.object({ usedBytes: z.number(), quotaBytes: z.number() });

/**
 * The organization's media library. Uploads are multipart POSTs to
 * `uploadPath(orgId)` (field `file`); the web app sends them with
 * XMLHttpRequest for upload progress, which fetch cannot report.
 */
export function mediaApi(options: HttpOptions) {
  return {
    uploadPath: (orgId: string) => `${V1}/orgs/${id(orgId)}/media`,
    list: (orgId: string, filter: { kind?: MediaKind; q?: string; cursor?: string }, signal?: AbortSignal) =>
      request(options, `${V1}/orgs/${id(orgId)}/media`, {
        query: { kind: filter.kind, q: filter.q, cursor: filter.cursor },
        schema: MediaPage,
        signal,
      }),
    quota: (orgId: string, signal?: AbortSignal) =>
      request(options, `${V1}/orgs/${id(orgId)}/media-quota`, { schema: Quota, signal }),
    /** 422 MEDIA_ALT_TEXT_REQUIRED when a public image would have no alt text. */
    update: (mediaId: string, body: z.input<typeof UpdateMediaBody>) =>
      request(options, `${V1}/media/${id(mediaId)}`, { method: 'PATCH', body, schema: MediaItem }),
    /** Where the item is attached (events, people, locations). */
    usage: (mediaId: string, signal?: AbortSignal) =>
      request(options, `${V1}/media/${id(mediaId)}/usage`, { schema: itemsOf(MediaUsage), signal }),
    /** 409 MEDIA_IN_USE (listing where) while the item is attached. */
    remove: (mediaId: string) => request(options, `${V1}/media/${id(mediaId)}`, { method: 'DELETE', schema: null }),
    /** The images shown on an event (cover, logo): public, no sign-in needed. */
    ofEvent: (eventId: string, signal?: AbortSignal) =>
      request(options, `${V1}/events/${id(eventId)}/media`, {
        schema: itemsOf(MediaAttachment),
        signal,
        anonymous: true,
      }),
    /** Shows an image as the event's cover or logo (it needs alt text and becomes public). */
    attachToEvent: (eventId: string, role: 'cover' | 'logo', mediaId: string) =>
      request(options, `${V1}/events/${id(eventId)}/media/${role}`, {
        method: 'PUT',
        body: { mediaId },
        schema: MediaItem,
      }),
    detachFromEvent: (eventId: string, role: 'cover' | 'logo') =>
      request(options, `${V1}/events/${id(eventId)}/media/${role}`, { method: 'DELETE', schema: null }),
    /** A link to a private file that works until it expires. */
    signedUrl: (mediaId: string, expiresInSeconds = 3600) =>
      request(options, `${V1}/media/${id(mediaId)}/signed-url`, {
        method: 'POST',
        body: { expiresInSeconds },
        schema: SignedMediaUrl,
      }),
  };
}
