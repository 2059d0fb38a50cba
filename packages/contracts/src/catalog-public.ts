import { z } from 'zod';
import { EventDetail, EventFormat, EventKind, Location, Person, Session, Tag } from './catalog.ts';
import { calendarDay, cursorParam, instant } from './common.ts';

/**
 * The public read side of the catalogue: what anyone may see of published,
 * live and completed events with visibility `public` (and `unlisted` ones by
 * direct id or slug). Members of the organization read the same routes and
 * see every status.
 */

/** The organization an event belongs to, as shown to visitors. */
export const OrganizationSummary = z.object({ id: z.uuid(), slug: z.string(), name: z.string() });
export type OrganizationSummary = z.infer<typeof OrganizationSummary>;

/** An event with its organization, tags and links — the answer of `GET /events/{eventIdOrSlug}`. */
export const PublicEvent = EventDetail.extend({
  organization: OrganizationSummary,
  path: z.string().describe('`orgSlug/eventSlug`, usable in place of the id'),
});
export type PublicEvent = z.infer<typeof PublicEvent>;

const CommaList = z
  .string()
  .max(200)
  .transform((s) =>
    s
      .split(',')
      .map((x) => x.trim())
      .filter(Boolean),
  );

/** Filters of the public event list `GET /api/v1/events`. */
export const PublicEventListQuery = z.object({
  q: z.string().trim().max(200).optional().describe('Full text over name, summary, description, people and tags'),
  kind: EventKind.optional(),
  format: EventFormat.optional(),
  from: instant().optional().describe('Events that end at or after this instant'),
  to: instant().optional().describe('Events that start before this instant'),
  tag: z.string().trim().max(60).optional().describe('A tag name (case-insensitive)'),
  location: z.uuid().optional().describe('Events with a session at this location'),
  org: z.string().max(63).optional().describe('An organization slug'),
  fits: z
    .enum(['me'])
    .optional()
    .describe('`me`: only events whose requirements the signed-in user all meets (401 when anonymous)'),
  cursor: cursorParam().optional(),
  limit: z.coerce.number().int().min(1).max(100).default(20),
});

/** Relations that `include=` can embed in sessions. */
export const SessionInclude = z.enum(['people', 'location', 'tags']);

/** Filters of `GET /api/v1/events/{eventIdOrSlug}/sessions`. */
export const SessionListQuery = z.object({
  day: calendarDay().optional().describe('A calendar day in the event timezone, YYYY-MM-DD'),
  from: instant().optional().describe('Sessions that end after this instant'),
  to: instant().optional().describe('Sessions that start before this instant'),
  tag: z.uuid().optional(),
  location: z.uuid().optional(),
  person: z.uuid().optional(),
  q: z.string().trim().max(200).optional().describe('Full text over title, description, people and tags'),
  include: CommaList.pipe(z.array(SessionInclude)).optional().describe('Comma list: people,location,tags'),
});

/** A session; the relations asked for with `include=` are embedded. */
export const SessionWithIncludes = Session.extend({
  people: z.array(Person).optional(),
  location: Location.nullable().optional(),
  tags: z.array(Tag).optional(),
});
export type SessionWithIncludes = z.infer<typeof SessionWithIncludes>;

/** Relations that `include=` can embed in people. */
export const PersonInclude = z.enum(['sessions']);
export const PersonListQuery = z.object({
  include: CommaList.pipe(z.array(PersonInclude)).optional().describe('Comma list: sessions'),
});
export const PersonWithIncludes = Person.extend({ sessions: z.array(Session).optional() });
export type PersonWithIncludes = z.infer<typeof PersonWithIncludes>;

/** `GET /api/v1/sessions/{sessionId}` and `/people/{personId}` take the same `include=` as the lists. */
export const SessionIncludeQuery = SessionListQuery.pick({ include: true });
export const PersonIncludeQuery = PersonListQuery;
