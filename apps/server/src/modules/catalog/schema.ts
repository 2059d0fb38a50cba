import {
  bigserial,
  boolean,
  customType,
  doublePrecision,
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

/** A PostgreSQL full-text document. */
const tsvector = customType<{ data: string }>({ dataType: () => 'tsvector' });

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
    /**
     * Bumped by database triggers whenever the event or anything shown with it
     * (sessions, people, tags, links, locations, organization) changes: the
     * public API's ETags and response cache are keyed by it. See migration 0005.
     */
    revision: integer('revision').notNull().default(1),
    /** Name, summary, description, people's and tags' names; kept up to date by triggers (migration 0005). */
    searchDocument: tsvector('search_document'),
  },
  (t) => [
    uniqueIndex('events_org_slug_idx').on(t.organizationId, t.slug),
    index('events_status_starts_idx').on(t.status, t.startsAt),
    index('events_search_idx').using('gin', t.searchDocument),
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

/** A physical venue of an organization, reused across its events, with its Place (address, coordinates) inline. */
export const locations = pgTable(
  'locations',
  {
    id: uuid('id').primaryKey().defaultRandom(),
    organizationId: uuid('organization_id')
      .notNull()
      .references(() => organizations.id, { onDelete: 'cascade' }),
    name: text('name').notNull(),
    description: text('description').notNull().default(''),
    accessible: boolean('accessible').notNull().default(false),
    openAir: boolean('open_air').notNull().default(false),
    street: text('street'),
    streetAddition: text('street_addition'),
    zip: text('zip'),
    town: text('town'),
    /** ISO 3166-1 alpha-2. */
    country: text('country'),
    lat: doublePrecision('lat'),
    lon: doublePrecision('lon'),
    placeDescription: text('place_description'),
    createdAt: timestamp('created_at', { withTimezone: true }).notNull().defaultNow(),
    updatedAt: timestamp('updated_at', { withTimezone: true }).notNull().defaultNow(),
  },
  (t) => [uniqueIndex('locations_org_name_idx').on(t.organizationId, t.name)],
);

/** A label of an organization, attachable to events and sessions; names are unique regardless of case. */
export const tags = pgTable(
  'tags',
  {
    id: uuid('id').primaryKey().defaultRandom(),
    organizationId: uuid('organization_id')
      .notNull()
      .references(() => organizations.id, { onDelete: 'cascade' }),
    name: text('name').notNull(),
    /** `name` in lower case, for case-insensitive uniqueness. */
    nameKey: text('name_key').notNull(),
    createdAt: timestamp('created_at', { withTimezone: true }).notNull().defaultNow(),
  },
  (t) => [uniqueIndex('tags_org_name_key_idx').on(t.organizationId, t.nameKey)],
);

/** A public profile in an event's programme: speaker, artist, facilitator. */
export const people = pgTable(
  'people',
  {
    id: uuid('id').primaryKey().defaultRandom(),
    organizationId: uuid('organization_id').notNull(),
    eventId: uuid('event_id')
      .notNull()
      .references(() => events.id, { onDelete: 'cascade' }),
    name: text('name').notNull(),
    /** Stable handle from an event file (`foyer apply`), unique within the event; null when made elsewhere. */
    key: text('key'),
    bio: text('bio').notNull().default(''),
    image: text('image'),
    userId: uuid('user_id').references(() => users.id, { onDelete: 'set null' }),
    sortOrder: integer('sort_order').notNull().default(0),
    createdAt: timestamp('created_at', { withTimezone: true }).notNull().defaultNow(),
    updatedAt: timestamp('updated_at', { withTimezone: true }).notNull().defaultNow(),
  },
  (t) => [
    index('people_event_idx').on(t.eventId, t.sortOrder),
    uniqueIndex('people_event_key_idx').on(t.eventId, t.key),
  ],
);

export type SessionKind = 'talk' | 'performance' | 'workshop' | 'keynote' | 'break' | 'other';

/** A scheduled (or not yet scheduled) item inside an event. */
export const sessions = pgTable(
  'sessions',
  {
    id: uuid('id').primaryKey().defaultRandom(),
    organizationId: uuid('organization_id').notNull(),
    eventId: uuid('event_id')
      .notNull()
      .references(() => events.id, { onDelete: 'cascade' }),
    title: text('title').notNull(),
    /** Stable handle from an event file (`foyer apply`), unique within the event; null when made elsewhere. */
    key: text('key'),
    kind: text('kind').notNull().$type<SessionKind>(),
    description: text('description').notNull().default(''),
    startsAt: timestamp('starts_at', { withTimezone: true }),
    endsAt: timestamp('ends_at', { withTimezone: true }),
    locationId: uuid('location_id').references(() => locations.id, { onDelete: 'set null' }),
    capacity: integer('capacity'),
    isScheduled: boolean('is_scheduled').notNull().default(false),
    streamUrl: text('stream_url'),
    meetingUrl: text('meeting_url'),
    /** Attendance: a multi-session event's rule may require every mandatory session. */
    mandatory: boolean('mandatory').notNull().default(false),
    createdAt: timestamp('created_at', { withTimezone: true }).notNull().defaultNow(),
    updatedAt: timestamp('updated_at', { withTimezone: true }).notNull().defaultNow(),
  },
  (t) => [
    index('sessions_event_starts_idx').on(t.eventId, t.startsAt),
    index('sessions_location_idx').on(t.locationId),
    uniqueIndex('sessions_event_key_idx').on(t.eventId, t.key),
  ],
);

export const sessionPeople = pgTable(
  'session_people',
  {
    sessionId: uuid('session_id')
      .notNull()
      .references(() => sessions.id, { onDelete: 'cascade' }),
    personId: uuid('person_id')
      .notNull()
      .references(() => people.id, { onDelete: 'cascade' }),
    organizationId: uuid('organization_id').notNull(),
  },
  (t) => [primaryKey({ columns: [t.sessionId, t.personId] }), index('session_people_person_idx').on(t.personId)],
);

export const sessionTags = pgTable(
  'session_tags',
  {
    sessionId: uuid('session_id')
      .notNull()
      .references(() => sessions.id, { onDelete: 'cascade' }),
    tagId: uuid('tag_id')
      .notNull()
      .references(() => tags.id, { onDelete: 'cascade' }),
    organizationId: uuid('organization_id').notNull(),
  },
  (t) => [primaryKey({ columns: [t.sessionId, t.tagId] }), index('session_tags_tag_idx').on(t.tagId)],
);

export const eventTags = pgTable(
  'event_tags',
  {
    eventId: uuid('event_id')
      .notNull()
      .references(() => events.id, { onDelete: 'cascade' }),
    tagId: uuid('tag_id')
      .notNull()
      .references(() => tags.id, { onDelete: 'cascade' }),
    organizationId: uuid('organization_id').notNull(),
  },
  (t) => [primaryKey({ columns: [t.eventId, t.tagId] }), index('event_tags_tag_idx').on(t.tagId)],
);

export type LinkOwnerType = 'event' | 'person' | 'location';
export type LinkService =
  | 'website'
  | 'email'
  | 'phone'
  | 'youtube'
  | 'vimeo'
  | 'instagram'
  | 'facebook'
  | 'soundcloud'
  | 'bandcamp'
  | 'spotify'
  | 'mastodon'
  | 'tiktok'
  | 'other';

/** A URL with a service kind, attached to an event, person or location (replaced as a set). */
export const links = pgTable(
  'links',
  {
    id: uuid('id').primaryKey().defaultRandom(),
    organizationId: uuid('organization_id')
      .notNull()
      .references(() => organizations.id, { onDelete: 'cascade' }),
    ownerType: text('owner_type').notNull().$type<LinkOwnerType>(),
    ownerId: uuid('owner_id').notNull(),
    url: text('url').notNull(),
    service: text('service').notNull().$type<LinkService>(),
    sortOrder: integer('sort_order').notNull().default(0),
  },
  (t) => [
    index('links_owner_idx').on(t.ownerType, t.ownerId, t.sortOrder),
    index('links_org_idx').on(t.organizationId),
  ],
);
