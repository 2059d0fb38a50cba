import type { MediaItem } from '@foyer/contracts';
import type { mediaItems } from './schema.ts';

export type MediaRow = typeof mediaItems.$inferSelect;

/** The content version in URLs: a prefix of the sha256, so a replaced file gets new URLs. */
export const versionOf = (row: Pick<MediaRow, 'sha256'>) => row.sha256.slice(0, 16);

/** The API shape of a media item. Public items carry content-addressed URLs; private ones none. */
export function toMediaItem(row: MediaRow, extra: { deduplicated?: boolean } = {}): MediaItem {
  const isPublic = row.visibility === 'public';
  const v = versionOf(row);
  return {
    id: row.id,
    organizationId: row.organizationId,
    kind: row.kind,
    contentType: row.contentType,
    size: row.size,
    sha256: row.sha256,
    originalName: row.originalName,
    altText: row.altText,
    focalPoint: { x: row.focalX, y: row.focalY },
    width: row.width,
    height: row.height,
    visibility: row.visibility,
    uploadedBy: row.uploadedBy,
    createdAt: row.createdAt.toISOString(),
    url: isPublic ? `/api/v1/media/${row.id}/file?v=${v}` : null,
    imageUrl: isPublic && row.kind === 'image' ? `/api/v1/media/${row.id}/image?v=${v}` : null,
    ...(extra.deduplicated !== undefined ? { deduplicated: extra.deduplicated } : {}),
  };
}
