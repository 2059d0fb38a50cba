import { sql } from 'drizzle-orm';
import {
  boolean,
  check,
  index,
  integer,
  pgTable,
  primaryKey,
  text,
  timestamp,
  uniqueIndex,
  uuid,
} from 'drizzle-orm/pg-core';
import { users } from '../identity/schema.ts';
import { organizations } from '../organizations/schema.ts';

export type ResourceKind = 'room' | 'equipment' | 'person' | 'vehicle' | 'other';

/** A bookable thing of an organization: a room, a piece of equipment, a person, a vehicle. */
export const resources = pgTable(
  'resources',
  {
    id: uuid('id').primaryKey().defaultRandom(),
    organizationId: uuid('organization_id')
      .notNull()
      .references(() => organizations.id, { onDelete: 'cascade' }),
    /** May be empty: the Colander client creates a resource nameless, then names it. */
    name: text('name').notNull().default(''),
    kind: text('kind').notNull().$type<ResourceKind>().default('other'),
    capacity: integer('capacity'),
    colour: text('colour').notNull().default('#3366cc'),
    /** A catalogue location the resource is at (checked by the service; cleared when the location goes). */
    locationId: uuid('location_id'),
    active: boolean('active').notNull().default(true),
    version: integer('version').notNull().default(1),
    createdAt: timestamp('created_at', { withTimezone: true }).notNull().defaultNow(),
    updatedAt: timestamp('updated_at', { withTimezone: true }).notNull().defaultNow(),
  },
  (t) => [
    index('resources_org_idx').on(t.organizationId, t.name),
    check('resources_kind_check', sql`${t.kind} in ('room', 'equipment', 'person', 'vehicle', 'other')`),
    check('resources_colour_check', sql`${t.colour} ~ '^#([0-9a-fA-F]{3}|[0-9a-fA-F]{6})$'`),
    check('resources_capacity_check', sql`${t.capacity} is null or ${t.capacity} >= 0`),
  ],
);

/** A named, ordered arrangement of 1–20 resources (a calendar view). */
export const resourceLayouts = pgTable(
  'resource_layouts',
  {
    id: uuid('id').primaryKey().defaultRandom(),
    organizationId: uuid('organization_id')
      .notNull()
      .references(() => organizations.id, { onDelete: 'cascade' }),
    name: text('name').notNull(),
    version: integer('version').notNull().default(1),
    createdAt: timestamp('created_at', { withTimezone: true }).notNull().defaultNow(),
    updatedAt: timestamp('updated_at', { withTimezone: true }).notNull().defaultNow(),
  },
  (t) => [index('resource_layouts_org_idx').on(t.organizationId, t.name)],
);

/** The resources of a layout, in order. A deleted resource drops out of its layouts. */
export const resourceLayoutEntries = pgTable(
  'resource_layout_entries',
  {
    layoutId: uuid('layout_id')
      .notNull()
      .references(() => resourceLayouts.id, { onDelete: 'cascade' }),
    resourceId: uuid('resource_id')
      .notNull()
      .references(() => resources.id, { onDelete: 'cascade' }),
    organizationId: uuid('organization_id').notNull(),
    position: integer('position').notNull(),
  },
  (t) => [
    primaryKey({ columns: [t.layoutId, t.resourceId] }),
    index('resource_layout_entries_resource_idx').on(t.resourceId),
  ],
);

/** Groups bookings (a production, a client, a course run). */
export const projects = pgTable(
  'projects',
  {
    id: uuid('id').primaryKey().defaultRandom(),
    organizationId: uuid('organization_id')
      .notNull()
      .references(() => organizations.id, { onDelete: 'cascade' }),
    name: text('name').notNull().default(''),
    colour: text('colour'),
    version: integer('version').notNull().default(1),
    createdAt: timestamp('created_at', { withTimezone: true }).notNull().defaultNow(),
    updatedAt: timestamp('updated_at', { withTimezone: true }).notNull().defaultNow(),
  },
  (t) => [index('projects_org_idx').on(t.organizationId, t.name)],
);

/**
 * A time range `[starts_at, ends_at)` on a resource. Non-tentative, live
 * bookings of one resource never overlap: the exclusion constraint
 * `bookings_no_overlap` (btree_gist, written by hand in migration 0017)
 * decides it in the database, for every process and code path. Deleted
 * bookings stay as tombstones (`deleted_at`) so live clients are told and a
 * deleted id is never brought back.
 */
export const bookings = pgTable(
  'bookings',
  {
    id: uuid('id').primaryKey().defaultRandom(),
    organizationId: uuid('organization_id')
      .notNull()
      .references(() => organizations.id, { onDelete: 'cascade' }),
    resourceId: uuid('resource_id')
      .notNull()
      .references(() => resources.id, { onDelete: 'cascade' }),
    projectId: uuid('project_id').references(() => projects.id, { onDelete: 'set null' }),
    startsAt: timestamp('starts_at', { withTimezone: true }).notNull(),
    endsAt: timestamp('ends_at', { withTimezone: true }).notNull(),
    label: text('label').notNull().default(''),
    colour: text('colour').notNull().default('#cccccc'),
    tentative: boolean('tentative').notNull().default(false),
    notes: text('notes').notNull().default(''),
    /** What made the booking when not a person directly: `session` (a programme session reserving the resource). */
    sourceType: text('source_type').$type<'session'>(),
    sourceId: uuid('source_id'),
    createdBy: uuid('created_by').references(() => users.id, { onDelete: 'set null' }),
    version: integer('version').notNull().default(1),
    createdAt: timestamp('created_at', { withTimezone: true }).notNull().defaultNow(),
    updatedAt: timestamp('updated_at', { withTimezone: true }).notNull().defaultNow(),
    deletedAt: timestamp('deleted_at', { withTimezone: true }),
  },
  (t) => [
    index('bookings_resource_time_idx').on(t.resourceId, t.startsAt),
    index('bookings_org_time_idx').on(t.organizationId, t.startsAt),
    uniqueIndex('bookings_source_resource_idx')
      .on(t.sourceType, t.sourceId, t.resourceId)
      .where(sql`${t.sourceId} is not null and ${t.deletedAt} is null`),
    check('bookings_range_check', sql`${t.endsAt} > ${t.startsAt}`),
    check('bookings_colour_check', sql`${t.colour} ~ '^#([0-9a-fA-F]{3}|[0-9a-fA-F]{6})$'`),
  ],
);

/** The exclusion constraint's name: a violation of it is a double booking. */
export const NO_OVERLAP_CONSTRAINT = 'bookings_no_overlap';
