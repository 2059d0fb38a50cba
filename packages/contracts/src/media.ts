import { z } from 'zod';

export const MediaKind = z.enum(['image', 'video', 'audio', 'document']);
export type MediaKind = z.infer<typeof MediaKind>;
export const MediaVisibility = z.enum(['public', 'private']);

/** Widths variants are made at; a requested width is rounded up to the next one (so the cache stays bounded). */
export const IMAGE_WIDTH_LADDER = [
  30, 60, 120, 240, 320, 480, 640, 800, 960, 1200, 1440, 1600, 1920, 2400, 3000,
] as const;

export const MediaItem = z.object({
  id: z.uuid(),
  organizationId: z.uuid(),
  kind: MediaKind,
  contentType: z.string(),
  size: z.number().int(),
  sha256: z.string(),
  originalName: z.string(),
  altText: z.string(),
  focalPoint: z.object({ x: z.number(), y: z.number() }),
  width: z.number().int().nullable(),
  height: z.number().int().nullable(),
  visibility: MediaVisibility,
  uploadedBy: z.uuid().nullable(),
  createdAt: z.string(),
  /** The original's URL: content-addressed (immutable) for public items, null for private ones (ask for a signed URL). */
  url: z.string().nullable(),
  /** Public images: a resizable URL; add `&w=` (and `h`, `fit`, `format`). */
  imageUrl: z.string().nullable(),
  /** Set when the upload matched an item the organization already had (nothing new was stored). */
  deduplicated: z.boolean().optional(),
});
export type MediaItem = z.infer<typeof MediaItem>;

export const MediaListQuery = z.object({
  kind: MediaKind.optional(),
  q: z.string().max(200).optional(),
  limit: z.coerce.number().int().min(1).max(200).default(60),
  cursor: z.string().optional(),
});

export const UpdateMediaBody = z
  .object({
    altText: z.string().max(1000),
    focalPoint: z.object({ x: z.number().min(0).max(1), y: z.number().min(0).max(1) }),
    visibility: MediaVisibility,
    originalName: z.string().min(1).max(255),
  })
  .partial();

export const MediaSubjectType = z.enum(['event', 'person', 'location']);
export const MediaAttachmentRole = z.enum(['cover', 'logo', 'photo', 'image']);
/** Which roles each kind of subject has. */
export const MEDIA_ROLES_BY_SUBJECT: Record<z.infer<typeof MediaSubjectType>, z.infer<typeof MediaAttachmentRole>[]> = {
  event: ['cover', 'logo'],
  person: ['photo'],
  location: ['image'],
};

export const MediaUsage = z.object({
  subjectType: MediaSubjectType,
  subjectId: z.uuid(),
  role: MediaAttachmentRole,
});
export type MediaUsage = z.infer<typeof MediaUsage>;

export const AttachMediaBody = z.object({ mediaId: z.uuid() });

export const MediaAttachment = MediaUsage.extend({ media: MediaItem });
export type MediaAttachment = z.infer<typeof MediaAttachment>;

export const SignedMediaUrl = z.object({ url: z.string(), expiresAt: z.string() });

export const ImageQuery = z.object({
  w: z.coerce.number().int().positive().max(100_000).optional(),
  h: z.coerce.number().int().positive().max(100_000).optional(),
  fit: z.enum(['inside', 'cover']).default('inside'),
  format: z.enum(['avif', 'webp', 'jpeg', 'png']).optional(),
  /** The content version (sha256 prefix); when it matches, the answer is cacheable forever. */
  v: z.string().max(64).optional(),
});
