import {
  bigint,
  doublePrecision,
  index,
  integer,
  pgTable,
  text,
  timestamp,
  uniqueIndex,
  uuid,
} from 'drizzle-orm/pg-core';
import { users } from '../identity/schema.ts';
import { organizations } from '../organizations/schema.ts';

export type MediaKind = 'image' | 'video' | 'audio' | 'document';
export type MediaVisibility = 'public' | 'private';

/**
 * One uploaded file of an organization. Its bytes are in storage under
 * `storageKey`; `sha256` identifies the content (one item per content and
 * organization) and versions the content-addressed URLs.
 */
export const mediaItems = pgTable(
  'media_items',
  {
    id: uuid('id').primaryKey().defaultRandom(),
    organizationId: uuid('organization_id')
      .notNull()
      .references(() => organizations.id, { onDelete: 'cascade' }),
    kind: text('kind').notNull().$type<MediaKind>(),
    /** Sniffed from the bytes, never taken from the client. */
    contentType: text('content_type').notNull(),
    size: bigint('size', { mode: 'number' }).notNull(),
    sha256: text('sha256').notNull(),
    storageKey: text('storage_key').notNull(),
    originalName: text('original_name').notNull(),
    altText: text('alt_text').notNull().default(''),
    /** Where the subject is, 0–1 from the left and the top; crops keep it in view. */
    focalX: doublePrecision('focal_x').notNull().default(0.5),
    focalY: doublePrecision('focal_y').notNull().default(0.5),
    /** Upright dimensions of images (EXIF orientation applied). */
    width: integer('width'),
    height: integer('height'),
    visibility: text('visibility').notNull().$type<MediaVisibility>().default('private'),
    uploadedBy: uuid('uploaded_by').references(() => users.id, { onDelete: 'set null' }),
    createdAt: timestamp('created_at', { withTimezone: true }).notNull().defaultNow(),
    updatedAt: timestamp('updated_at', { withTimezone: true }).notNull().defaultNow(),
  },
  (t) => [
    uniqueIndex('media_items_org_sha256_idx').on(t.organizationId, t.sha256),
    index('media_items_org_created_idx').on(t.organizationId, t.createdAt),
  ],
);

export type MediaSubjectType = 'event' | 'person' | 'location';

/** Where a media item is used: an event's cover or logo, a person's photo, a location's picture. */
export const mediaAttachments = pgTable(
  'media_attachments',
  {
    id: uuid('id').primaryKey().defaultRandom(),
    organizationId: uuid('organization_id')
      .notNull()
      .references(() => organizations.id, { onDelete: 'cascade' }),
    mediaId: uuid('media_id')
      .notNull()
      // No action (checked at the end of the statement): deleting a used item is refused, an organization's deletion removes both.
      .references(() => mediaItems.id),
    subjectType: text('subject_type').notNull().$type<MediaSubjectType>(),
    subjectId: uuid('subject_id').notNull(),
    role: text('role').notNull(),
    createdAt: timestamp('created_at', { withTimezone: true }).notNull().defaultNow(),
  },
  (t) => [
    uniqueIndex('media_attachments_subject_role_idx').on(t.subjectType, t.subjectId, t.role),
    index('media_attachments_media_idx').on(t.mediaId),
  ],
);
