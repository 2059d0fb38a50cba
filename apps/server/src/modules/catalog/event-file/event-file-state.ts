import { and, asc, eq, inArray, sql } from 'drizzle-orm';
import type { Executor } from '../../../platform/db/database.ts';
import {
  type events,
  eventTags,
  type LinkOwnerType,
  links,
  locations,
  people,
  sessionPeople,
  sessions,
  sessionTags,
  tags,
} from '../schema.ts';
import {
  type EventFileState,
  type EventState,
  keyFrom,
  type LinkState,
  type LocationState,
  type PersonState,
  type SessionState,
  sortedNames,
} from './event-file-format.ts';

type EventRow = typeof events.$inferSelect;
type LocationRow = typeof locations.$inferSelect;

/** An event as stored, in the shape of a file, with the row ids behind each key and name. */
export interface StoredEvent {
  row: EventRow;
  state: EventFileState;
  /** Person key → row (with whether the key is stored or was derived from the name). */
  people: Map<string, { id: string; storedKey: string | null; sortOrder: number }>;
  sessions: Map<string, { id: string; storedKey: string | null }>;
}

/** The event as a file would describe it: its sessions, people, the locations and tags they use, and links. */
export async function loadStoredEvent(tx: Executor, row: EventRow): Promise<StoredEvent> {
  const eventId = row.id;
  const personRows = await tx
    .select()
    .from(people)
    .where(eq(people.eventId, eventId))
    .orderBy(asc(people.sortOrder), asc(people.name), asc(people.id));
  const sessionRows = await tx
    .select()
    .from(sessions)
    .where(eq(sessions.eventId, eventId))
    .orderBy(sql`${sessions.startsAt} asc nulls last`, asc(sessions.title), asc(sessions.id));
  const personKeys = assignKeys(personRows, (p) => p.name);
  const sessionKeys = assignKeys(sessionRows, (s) => s.title);
  const keyOfPerson = new Map(personRows.map((p, i) => [p.id, personKeys[i]!]));

  const sessionIds = sessionRows.map((s) => s.id);
  const speakers = sessionIds.length
    ? await tx.select().from(sessionPeople).where(inArray(sessionPeople.sessionId, sessionIds))
    : [];
  const sessionTagRows = sessionIds.length
    ? await tx
        .select({ sessionId: sessionTags.sessionId, name: tags.name })
        .from(sessionTags)
        .innerJoin(tags, eq(tags.id, sessionTags.tagId))
        .where(inArray(sessionTags.sessionId, sessionIds))
    : [];
  const eventTagNames = (
    await tx
      .select({ name: tags.name })
      .from(eventTags)
      .innerJoin(tags, eq(tags.id, eventTags.tagId))
      .where(eq(eventTags.eventId, eventId))
  ).map((t) => t.name);
  const locationIds = [...new Set(sessionRows.flatMap((s) => (s.locationId ? [s.locationId] : [])))];
  const locationRows = locationIds.length
    ? await tx.select().from(locations).where(inArray(locations.id, locationIds)).orderBy(asc(locations.name))
    : [];
  const locationName = new Map(locationRows.map((l) => [l.id, l.name]));
  const personOrder = new Map(personRows.map((p, i) => [p.id, i]));

  const linkRows = await linksOf(tx, [
    ['event', [eventId]],
    ['person', personRows.map((p) => p.id)],
    ['location', locationIds],
  ]);
  const linksFor = (type: LinkOwnerType, id: string) => linkRows.get(`${type}:${id}`) ?? [];

  const sessionStates: SessionState[] = sessionRows.map((s, i) => ({
    key: sessionKeys[i]!,
    title: s.title,
    kind: s.kind,
    description: s.description,
    startsAt: s.startsAt?.toISOString() ?? null,
    endsAt: s.endsAt?.toISOString() ?? null,
    isScheduled: s.isScheduled,
    mandatory: s.mandatory,
    location: s.locationId ? (locationName.get(s.locationId) ?? null) : null,
    people: speakers
      .filter((sp) => sp.sessionId === s.id)
      .sort((a, b) => personOrder.get(a.personId)! - personOrder.get(b.personId)!)
      .map((sp) => keyOfPerson.get(sp.personId)!),
    tags: sortedNames(sessionTagRows.filter((t) => t.sessionId === s.id).map((t) => t.name)),
    capacity: s.capacity,
    streamUrl: s.streamUrl,
    meetingUrl: s.meetingUrl,
  }));
  const peopleStates: PersonState[] = personRows.map((p, i) => ({
    key: personKeys[i]!,
    name: p.name,
    bio: p.bio,
    image: p.image,
    links: linksFor('person', p.id),
  }));

  return {
    row,
    state: {
      event: { ...eventStateOf(row), tags: sortedNames(eventTagNames), links: linksFor('event', eventId) },
      tags: sortedNames([...eventTagNames, ...sessionTagRows.map((t) => t.name)]),
      locations: locationRows.map((l) => locationStateOf(l, linksFor('location', l.id))),
      people: peopleStates,
      sessions: sessionStates,
    },
    people: new Map(personRows.map((p, i) => [personKeys[i]!, { id: p.id, storedKey: p.key, sortOrder: p.sortOrder }])),
    sessions: new Map(sessionRows.map((s, i) => [sessionKeys[i]!, { id: s.id, storedKey: s.key }])),
  };
}

export function eventStateOf(row: EventRow): Omit<EventState, 'tags' | 'links'> {
  return {
    slug: row.slug,
    name: row.name,
    kind: row.kind,
    format: row.format,
    timezone: row.timezone,
    startsAt: row.startsAt.toISOString(),
    endsAt: row.endsAt.toISOString(),
    summary: row.summary,
    description: row.description,
    priceText: row.priceText,
    coverImage: row.coverImage,
    visibility: row.visibility,
    capacity: row.capacity,
    registration: row.registration,
    cpd: row.cpd,
    status: row.status,
  };
}

export function locationStateOf(row: LocationRow, locationLinks: LinkState[]): LocationState {
  return {
    name: row.name,
    description: row.description,
    accessible: row.accessible,
    openAir: row.openAir,
    place: {
      street: row.street,
      streetAddition: row.streetAddition,
      zip: row.zip,
      town: row.town,
      country: row.country,
      lat: row.lat,
      lon: row.lon,
      description: row.placeDescription,
    },
    links: locationLinks,
  };
}

/** Links of several owners at once, by `type:id`, in their order. */
export async function linksOf(tx: Executor, owners: [LinkOwnerType, string[]][]): Promise<Map<string, LinkState[]>> {
  const out = new Map<string, LinkState[]>();
  for (const [type, ids] of owners) {
    if (ids.length === 0) continue;
    const rows = await tx
      .select()
      .from(links)
      .where(and(eq(links.ownerType, type), inArray(links.ownerId, ids)))
      .orderBy(asc(links.sortOrder), asc(links.id));
    for (const l of rows) {
      const key = `${type}:${l.ownerId}`;
      out.set(key, [...(out.get(key) ?? []), { url: l.url, service: l.service }]);
    }
  }
  return out;
}

/**
 * The key of each row: its stored key, else one made from its name (made
 * unique with `-2`, `-3`…). Export and apply both use this, so a person or
 * session made in the console keeps its identity through export → apply.
 */
export function assignKeys<T extends { key: string | null }>(rows: T[], textOf: (row: T) => string): string[] {
  const used = new Set(rows.flatMap((r) => (r.key ? [r.key] : [])));
  return rows.map((row) => {
    if (row.key) return row.key;
    const base = keyFrom(textOf(row));
    let key = base;
    for (let n = 2; used.has(key); n++) key = `${base}-${n}`;
    used.add(key);
    return key;
  });
}
