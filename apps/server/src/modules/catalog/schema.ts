import {
  bigserial,
  index,
  integer,
  jsonb,
  pgTable,
  primaryKey,
  text,
  timestamp,
  uniqueIndex,
  uuid,
} from 'drizzle-orm/pg-core';
import { users } from '../identity/schema.ts';
import { organizations } from '../organizations/schema.ts';

export type EventStatus = 'draft' | 'published' | 'live' | 'completed' | 'closed' | 'cancelled';

/** The top-level thing people attend: festival, conference, workshop, course, meetup. */
export const events = pgTable(
  'events',
  {
    id: uuid('id').primaryKey().defaultRandom(),
    organizationId: uuid('organization_id')
      .notNull()
      .references(() => organizations.id, { onDelete: 'cascade' }),
    slug: text('slug').notNull(),
    name: text('name').notNull(),
    kind: text('kind').notNull().$type<'festival' | 'conference' | 'workshop' | 'course' | 'meetup' | 'other'>(),
    format: text('format').notNull().$type<'in_person' | 'online' | 'hybrid'>(),
    timezone: text('timezone').notNull(),
    startsAt: timestamp('starts_at', { withTimezone: true }).notNull(),
    endsAt: timestamp('ends_at', { withTimezone: true }).notNull(),
    summary: text('summary').notNull().default(''),
    description: text('description').notNull().default(''),
    priceText: text('price_text'),
    coverImage: text('cover_image'),
    visibility: text('visibility').notNull().$type<'public' | 'unlisted' | 'private'>().default('public'),
    status: text('status').notNull().$type<EventStatus>().default('draft'),
    capacity: integer('capacity'),
    registration: jsonb('registration').notNull().$type<Record<string, unknown>>().default({}),
    cpd: jsonb('cpd').notNull().$type<Record<string, unknown>>().default({}),
    createdAt: timestamp('created_at', { withTimezone: true }).notNull().defaultNow(),
    updatedAt: timestamp('updated_at', { withTimezone: true }).notNull().defaultNow(),
  },
  (t) => [
    uniqueIndex('events_org_slug_idx').on(t.organizationId, t.slug),
    index('events_status_starts_idx').on(t.status, t.startsAt),
  ],
);

/** Every status change of an event, with who made it and why. */
export const eventStatusHistory = pgTable(
  'event_status_history',
  {
    id: bigserial('id', { mode: 'number' }).primaryKey(),
    eventId: uuid('event_id')
      .notNull()
      .references(() => events.id, { onDelete: 'cascade' }),
    organizationId: uuid('organization_id').notNull(),
    fromStatus: text('from_status').$type<EventStatus>(),
    toStatus: text('to_status').notNull().$type<EventStatus>(),
    reason: text('reason'),
    actorId: uuid('actor_id'),
    createdAt: timestamp('created_at', { withTimezone: true }).notNull().defaultNow(),
  },
  (t) => [index('event_status_history_event_idx').on(t.eventId, t.id)],
);

export type EventOrganizerStatus = 'invited' | 'active' | 'unavailable' | 'replaced';

/** Users assigned to run an event (the workshop platform's organizers with status). */
export const eventOrganizers = pgTable(
  'event_organizers',
  {
    eventId: uuid('event_id')
      .notNull()
      .references(() => events.id, { onDelete: 'cascade' }),
    organizationId: uuid('organization_id').notNull(),
    userId: uuid('user_id')
      .notNull()
      .references(() => users.id, { onDelete: 'cascade' }),
    role: text('role').notNull().$type<'lead' | 'co'>(),
    status: text('status').notNull().$type<EventOrganizerStatus>(),
    createdAt: timestamp('created_at', { withTimezone: true }).notNull().defaultNow(),
    updatedAt: timestamp('updated_at', { withTimezone: true }).notNull().defaultNow(),
  },
  (t) => [primaryKey({ columns: [t.eventId, t.userId] }), index('event_organizers_user_idx').on(t.userId)],
);
