import type {
  Location,
  Person,
  PersonWithIncludes,
  PublicEvent,
  Session,
  SessionWithIncludes,
  Tag,
} from '@foyer/contracts';
import { and, asc, desc, eq, getTableColumns, gte, inArray, lt, type SQL, sql } from 'drizzle-orm';
import { z } from 'zod';
import type { Db } from '../../platform/db/database.ts';
import {
  cursorInstant,
  cursorUuid,
  decodeCursor as decodeCursorParts,
  encodeCursor as encodeCursorParts,
} from '../../platform/http/cursor.ts';
import { organizations } from '../organizations/index.ts';
import { toDto as eventDto } from './events-service.ts';
import type { LinksService } from './links-service.ts';
import { locationDto } from './locations-service.ts';
import { personDto } from './people-service.ts';
import { LISTED_STATUSES } from './public-visibility.ts';
import { events, eventTags, locations, people, sessionPeople, sessions, sessionTags, tags } from './schema.ts';
import { sessionDto } from './sessions-service.ts';
import { tagDto } from './tags-service.ts';

/**
 * `member`: may read the event in any status (`event.read`) and sees
 * everything; `public`: sees scheduled sessions only, and no meeting URLs
 * (those are for registrants).
 */
export type Audience = 'member' | 'public';
export type SessionInclude = 'people' | 'location' | 'tags';

export interface PublicEventQuery {
  q?: string | undefined;
  kind?: string | undefined;
  format?: string | undefined;
  from?: string | undefined;
  to?: string | undefined;
  tag?: string | undefined;
  location?: string | undefined;
  org?: string | undefined;
  cursor?: string | undefined;
  limit: number;
  /** Only events that fit this user (their requirements all met); a condition from `RequirementFit.fits`. */
  fitsCondition?: SQL | undefined;
}

export interface SessionQuery {
  day?: string | undefined;
  from?: string | undefined;
  to?: string | undefined;
  tag?: string | undefined;
  location?: string | undefined;
  person?: string | undefined;
  q?: string | undefined;
  include?: SessionInclude[] | undefined;
}

type EventRow = Omit<typeof events.$inferSelect, 'searchDocument'>;
type SessionRow = typeof sessions.$inferSelect;
type OrgSummary = { id: string; slug: string; name: string };
// The search document is never sent; leaving it out keeps rows small.
const { searchDocument: _doc, ...eventColumns } = getTableColumns(events);
const orgColumns = { id: organizations.id, slug: organizations.slug, name: organizations.name };

/**
 * The read side of the catalogue for visitors and members: events (listed,
 * searched, by id or slug) and their programme with `include=` relations,
 * each relation batch-loaded in one query for all rows (no N+1). Who may
 * see which event is decided by the access gate (`event.view`); this
 * service only shapes the answers for the caller's audience.
 */
export class PublicCatalogService {
  private fitFilter: ((userId: string) => SQL) | null = null;

  /** Lets the module that knows users' requirements decide what `fits=me` keeps (registration does). */
  decideFitsWith(filter: (userId: string) => SQL): void {
    this.fitFilter = filter;
  }

  /** The condition on `events` of the events that fit `userId`; undefined (every event) when no module decides it. */
  fitsFor(userId: string): SQL | undefined {
    return this.fitFilter?.(userId);
  }

  constructor(
    private readonly db: Db,
    private readonly links: LinksService,
  ) {}

  /** One event with organization, tags and links; null when there is none. */
  async event(eventId: string): Promise<PublicEvent | null> {
    const [row] = await this.db
      .select({ e: eventColumns, org: orgColumns })
      .from(events)
      .innerJoin(organizations, eq(organizations.id, events.organizationId))
      .where(eq(events.id, eventId));
    if (!row) return null;
    return (await this.publicEvents([row as { e: EventRow; org: OrgSummary }]))[0]!;
  }

  /**
   * Listed events (see public-visibility.ts), filtered; with `q`, ranked by
   * full-text relevance, else soonest first. Cursor-paged.
   */
  async listEvents(query: PublicEventQuery): Promise<{ items: PublicEvent[]; nextCursor: string | null }> {
    const tsQuery = query.q ? sql`websearch_to_tsquery('simple', ${query.q})` : null;
    // Rounded so that the cursor carries the exact value the next page compares with.
    const rank = tsQuery ? sql`round(ts_rank(${events.searchDocument}, ${tsQuery})::numeric, 6)` : null;
    const after = query.cursor ? decodeCursor(query.cursor, rank !== null) : null;
    const conditions: (SQL | undefined)[] = [
      inArray(events.status, [...LISTED_STATUSES]),
      eq(events.visibility, 'public'),
      tsQuery ? sql`${events.searchDocument} @@ ${tsQuery}` : undefined,
      query.kind ? eq(events.kind, query.kind as EventRow['kind']) : undefined,
      query.format ? eq(events.format, query.format as EventRow['format']) : undefined,
      query.from ? gte(events.endsAt, new Date(query.from)) : undefined,
      query.to ? lt(events.startsAt, new Date(query.to)) : undefined,
      query.tag
        ? sql`exists (select 1 from ${eventTags} join ${tags} on ${tags.id} = ${eventTags.tagId}
            where ${eventTags.eventId} = ${events.id} and ${tags.nameKey} = ${query.tag.toLowerCase()})`
        : undefined,
      query.location
        ? sql`exists (select 1 from ${sessions} where ${sessions.eventId} = ${events.id}
            and ${sessions.locationId} = ${query.location} and ${sessions.isScheduled})`
        : undefined,
      query.org ? eq(organizations.slug, query.org) : undefined,
      query.fitsCondition,
    ];
    if (after) {
      const byTime = sql`(${events.startsAt}, ${events.id}) > (${after.startsAt}::timestamptz, ${after.id}::uuid)`;
      conditions.push(
        rank && after.rank !== null
          ? sql`(${rank} < ${after.rank}::numeric or (${rank} = ${after.rank}::numeric and ${byTime}))`
          : byTime,
      );
    }
    const rows = await this.db
      .select({ e: eventColumns, org: orgColumns, rank: rank ? sql<string>`${rank}::text` : sql<null>`null` })
      .from(events)
      .innerJoin(organizations, eq(organizations.id, events.organizationId))
      .where(and(...conditions))
      .orderBy(...(rank ? [desc(rank)] : []), asc(events.startsAt), asc(events.id))
      .limit(query.limit + 1);
    const pageRows = rows.slice(0, query.limit);
    const last = pageRows.at(-1);
    return {
      items: await this.publicEvents(pageRows as { e: EventRow; org: OrgSummary }[]),
      nextCursor: rows.length > query.limit && last ? encodeCursor(last.rank, last.e as EventRow) : null,
    };
  }

  /**
   * The event's sessions by start (members: unscheduled ones last), filtered;
   * `day` is a calendar day in the event's timezone (sessions starting that day).
   */
  async sessions(eventId: string, query: SessionQuery, audience: Audience): Promise<SessionWithIncludes[]> {
    const [event] = await this.db.select({ timezone: events.timezone }).from(events).where(eq(events.id, eventId));
    if (!event) return [];
    const tsQuery = query.q ? sql`websearch_to_tsquery('simple', ${query.q})` : null;
    const rows = await this.db
      .select()
      .from(sessions)
      .where(
        and(
          eq(sessions.eventId, eventId),
          audience === 'public' ? eq(sessions.isScheduled, true) : undefined,
          query.day ? sql`(${sessions.startsAt} at time zone ${event.timezone})::date = ${query.day}::date` : undefined,
          query.from ? sql`${sessions.endsAt} > ${query.from}::timestamptz` : undefined,
          query.to ? sql`${sessions.startsAt} < ${query.to}::timestamptz` : undefined,
          query.location ? eq(sessions.locationId, query.location) : undefined,
          query.tag
            ? sql`exists (select 1 from ${sessionTags} where ${sessionTags.sessionId} = ${sessions.id}
                and ${sessionTags.tagId} = ${query.tag})`
            : undefined,
          query.person
            ? sql`exists (select 1 from ${sessionPeople} where ${sessionPeople.sessionId} = ${sessions.id}
                and ${sessionPeople.personId} = ${query.person})`
            : undefined,
          tsQuery
            ? sql`to_tsvector('simple', ${sessions.title} || ' ' || ${sessions.description} || ' ' || coalesce(
                (select string_agg(p.name, ' ') from ${sessionPeople} sp join ${people} p on p.id = sp.person_id
                  where sp.session_id = ${sessions.id}), '') || ' ' || coalesce(
                (select string_agg(t.name, ' ') from ${sessionTags} st join ${tags} t on t.id = st.tag_id
                  where st.session_id = ${sessions.id}), '')) @@ ${tsQuery}`
            : undefined,
        ),
      )
      .orderBy(sql`${sessions.startsAt} asc nulls last`, asc(sessions.title), asc(sessions.id));
    return this.expandSessions(rows, query.include ?? [], audience);
  }

  /** One session with the relations asked for; null when there is none (or it is hidden from the audience). */
  async session(sessionId: string, include: SessionInclude[], audience: Audience): Promise<SessionWithIncludes | null> {
    const [row] = await this.db.select().from(sessions).where(eq(sessions.id, sessionId));
    if (!row || (audience === 'public' && !row.isScheduled)) return null;
    return (await this.expandSessions([row], include, audience))[0]!;
  }

  /** The event's people in their order, with their sessions when asked. */
  async people(eventId: string, include: 'sessions'[], audience: Audience): Promise<PersonWithIncludes[]> {
    const rows = await this.db
      .select()
      .from(people)
      .where(eq(people.eventId, eventId))
      .orderBy(asc(people.sortOrder), asc(people.name), asc(people.id));
    return this.expandPeople(rows, include, audience);
  }

  async person(personId: string, include: 'sessions'[], audience: Audience): Promise<PersonWithIncludes | null> {
    const rows = await this.db.select().from(people).where(eq(people.id, personId));
    return (await this.expandPeople(rows, include, audience))[0] ?? null;
  }

  /** The locations of the event's sessions (for the public: of its scheduled ones), by name. */
  async locations(eventId: string, audience: Audience): Promise<Location[]> {
    const used = this.db
      .select({ id: sessions.locationId })
      .from(sessions)
      .where(and(eq(sessions.eventId, eventId), audience === 'public' ? eq(sessions.isScheduled, true) : undefined));
    const rows = await this.db
      .select()
      .from(locations)
      .where(inArray(locations.id, sql`(${used})`))
      .orderBy(asc(locations.name), asc(locations.id));
    const links = await this.links.forOwners(
      this.db,
      'location',
      rows.map((r) => r.id),
    );
    return rows.map((r) => locationDto(r, links.get(r.id) ?? []));
  }

  /** The event's scheduled sessions with their locations, for its iCalendar feed. */
  async calendar(eventId: string, sessionId?: string) {
    const [row] = await this.db
      .select({ e: eventColumns, org: orgColumns })
      .from(events)
      .innerJoin(organizations, eq(organizations.id, events.organizationId))
      .where(eq(events.id, eventId));
    if (!row) return null;
    const rows = await this.db
      .select()
      .from(sessions)
      .where(
        and(
          eq(sessions.eventId, eventId),
          eq(sessions.isScheduled, true),
          sessionId ? eq(sessions.id, sessionId) : undefined,
        ),
      )
      .orderBy(asc(sessions.startsAt), asc(sessions.id));
    return {
      event: { ...eventDto(row.e as EventRow), path: `${row.org.slug}/${row.e.slug}`, organization: row.org },
      sessions: await this.expandSessions(rows, ['location'], 'public'),
    };
  }

  private async publicEvents(rows: { e: EventRow; org: OrgSummary }[]): Promise<PublicEvent[]> {
    if (rows.length === 0) return [];
    const ids = rows.map((r) => r.e.id);
    const tagRows = await this.db
      .select({ eventId: eventTags.eventId, t: tags })
      .from(eventTags)
      .innerJoin(tags, eq(tags.id, eventTags.tagId))
      .where(inArray(eventTags.eventId, ids))
      .orderBy(asc(tags.nameKey));
    const links = await this.links.forOwners(this.db, 'event', ids);
    const tagsOf = group(
      tagRows,
      (r) => r.eventId,
      (r) => tagDto(r.t),
    );
    return rows.map(({ e, org }) => ({
      ...eventDto(e),
      tags: tagsOf.get(e.id) ?? [],
      links: links.get(e.id) ?? [],
      organization: org,
      path: `${org.slug}/${e.slug}`,
    }));
  }

  /** Session DTOs with ids of their people and tags, and the relations in `include`: one query per relation. */
  private async expandSessions(
    rows: SessionRow[],
    include: SessionInclude[],
    audience: Audience,
  ): Promise<SessionWithIncludes[]> {
    if (rows.length === 0) return [];
    const ids = rows.map((r) => r.id);
    const personLinks = await this.db
      .select()
      .from(sessionPeople)
      .where(inArray(sessionPeople.sessionId, ids))
      .orderBy(asc(sessionPeople.personId));
    const tagLinks = await this.db
      .select()
      .from(sessionTags)
      .where(inArray(sessionTags.sessionId, ids))
      .orderBy(asc(sessionTags.tagId));
    const personIdsOf = group(
      personLinks,
      (l) => l.sessionId,
      (l) => l.personId,
    );
    const tagIdsOf = group(
      tagLinks,
      (l) => l.sessionId,
      (l) => l.tagId,
    );

    let peopleById: Map<string, Person> | null = null;
    if (include.includes('people')) {
      const personIds = [...new Set(personLinks.map((l) => l.personId))];
      const personRows =
        personIds.length > 0 ? await this.db.select().from(people).where(inArray(people.id, personIds)) : [];
      const links = await this.links.forOwners(this.db, 'person', personIds);
      peopleById = new Map(personRows.map((p) => [p.id, personDto(p, links.get(p.id) ?? [])]));
    }
    let locationsById: Map<string, Location> | null = null;
    if (include.includes('location')) {
      const locationIds = [...new Set(rows.flatMap((r) => (r.locationId ? [r.locationId] : [])))];
      const locationRows =
        locationIds.length > 0 ? await this.db.select().from(locations).where(inArray(locations.id, locationIds)) : [];
      const links = await this.links.forOwners(this.db, 'location', locationIds);
      locationsById = new Map(locationRows.map((l) => [l.id, locationDto(l, links.get(l.id) ?? [])]));
    }
    let tagsById: Map<string, Tag> | null = null;
    if (include.includes('tags')) {
      const tagIds = [...new Set(tagLinks.map((l) => l.tagId))];
      const tagRows = tagIds.length > 0 ? await this.db.select().from(tags).where(inArray(tags.id, tagIds)) : [];
      tagsById = new Map(tagRows.map((t) => [t.id, tagDto(t)]));
    }

    return rows.map((row) => {
      const personIds = personIdsOf.get(row.id) ?? [];
      const tagIds = tagIdsOf.get(row.id) ?? [];
      const session: SessionWithIncludes = sessionDto(row, personIds, tagIds);
      if (audience === 'public') session.meetingUrl = null;
      if (peopleById) {
        session.people = personIds
          .flatMap((id) => peopleById.get(id) ?? [])
          .sort((a, b) => a.sortOrder - b.sortOrder || a.name.localeCompare(b.name));
      }
      if (locationsById) session.location = row.locationId ? (locationsById.get(row.locationId) ?? null) : null;
      if (tagsById) {
        session.tags = tagIds.flatMap((id) => tagsById.get(id) ?? []).sort((a, b) => a.name.localeCompare(b.name));
      }
      return session;
    });
  }

  private async expandPeople(
    rows: (typeof people.$inferSelect)[],
    include: 'sessions'[],
    audience: Audience,
  ): Promise<PersonWithIncludes[]> {
    if (rows.length === 0) return [];
    const ids = rows.map((r) => r.id);
    const links = await this.links.forOwners(this.db, 'person', ids);
    let sessionsOf: Map<string, Session[]> | null = null;
    if (include.includes('sessions')) {
      const pairs = await this.db
        .select({ personId: sessionPeople.personId, s: sessions })
        .from(sessionPeople)
        .innerJoin(sessions, eq(sessions.id, sessionPeople.sessionId))
        .where(
          and(inArray(sessionPeople.personId, ids), audience === 'public' ? eq(sessions.isScheduled, true) : undefined),
        )
        .orderBy(sql`${sessions.startsAt} asc nulls last`, asc(sessions.title), asc(sessions.id));
      const unique = [...new Map(pairs.map((p) => [p.s.id, p.s])).values()];
      const dtos = new Map((await this.expandSessions(unique, [], audience)).map((s) => [s.id, s as Session]));
      sessionsOf = group(
        pairs,
        (p) => p.personId,
        (p) => dtos.get(p.s.id)!,
      );
    }
    return rows.map((r) => ({
      ...personDto(r, links.get(r.id) ?? []),
      ...(sessionsOf ? { sessions: sessionsOf.get(r.id) ?? [] } : {}),
    }));
  }
}

function group<T, V>(items: T[], key: (item: T) => string, value: (item: T) => V): Map<string, V[]> {
  const out = new Map<string, V[]>();
  for (const item of items) {
    const k = key(item);
    const list = out.get(k);
    if (list) list.push(value(item));
    else out.set(k, [value(item)]);
  }
  return out;
}

function encodeCursor(rank: string | null, row: EventRow): string {
  return encodeCursorParts([rank, row.startsAt.toISOString(), row.id]);
}

// A search rank as the cursor carries it: a decimal PostgreSQL's `real` takes.
const cursorRank = z.string().regex(/^\d{1,12}(\.\d{1,12})?$/);

function decodeCursor(cursor: string, ranked: boolean): { rank: string | null; startsAt: string; id: string } {
  const [rank, startsAt, id] = decodeCursorParts(
    cursor,
    z.tuple([ranked ? cursorRank : z.null(), cursorInstant, cursorUuid]),
  );
  return { rank, startsAt, id };
}
