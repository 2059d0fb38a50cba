import { and, eq, inArray } from 'drizzle-orm';
import type { Tx } from '../../../platform/db/database.ts';
import { type LinkOwnerType, links, locations, people, sessionPeople, sessions, sessionTags, tags } from '../schema.ts';
import type { ApplySummary } from './event-file-apply.ts';
import {
  type EventFileState,
  type LinkState,
  type LocationState,
  type SessionState,
  sameValue,
} from './event-file-format.ts';
import { linksOf, locationStateOf, type StoredEvent } from './event-file-state.ts';

/*
 * The writes of an apply, one kind of thing each: compare what is stored
 * with what the file says and write only the difference. All inside the
 * caller's transaction.
 */

/** Tag names in lower case, sorted: tags compare regardless of case. */
export const lower = (names: string[]) => names.map((n) => n.toLowerCase()).sort();

/** The organization's tags by lower-case name, creating the ones the file names that do not exist yet. */
export async function upsertTags(
  tx: Tx,
  organizationId: string,
  names: string[],
  summary: ApplySummary,
): Promise<Map<string, string>> {
  const keys = [...new Set(names.map((n) => n.toLowerCase()))];
  const ids = new Map<string, string>();
  if (keys.length === 0) return ids;
  const rows = await tx
    .select({ id: tags.id, nameKey: tags.nameKey })
    .from(tags)
    .where(and(eq(tags.organizationId, organizationId), inArray(tags.nameKey, keys)));
  for (const r of rows) ids.set(r.nameKey, r.id);
  const missing = names.filter((n) => !ids.has(n.toLowerCase()));
  if (missing.length > 0) {
    const created = await tx
      .insert(tags)
      .values(missing.map((name) => ({ organizationId, name, nameKey: name.toLowerCase() })))
      .returning({ id: tags.id, nameKey: tags.nameKey });
    for (const r of created) ids.set(r.nameKey, r.id);
    summary.tags.created += created.length;
  }
  return ids;
}

/** The organization's locations by name: created when missing, updated when the file describes them differently. */
export async function upsertLocations(
  tx: Tx,
  organizationId: string,
  wanted: LocationState[],
  summary: ApplySummary,
): Promise<Map<string, string>> {
  const ids = new Map<string, string>();
  if (wanted.length === 0) return ids;
  const rows = await tx
    .select()
    .from(locations)
    .where(
      and(
        eq(locations.organizationId, organizationId),
        inArray(
          locations.name,
          wanted.map((l) => l.name),
        ),
      ),
    );
  const locationLinks = await linksOf(tx, [['location', rows.map((r) => r.id)]]);
  for (const want of wanted) {
    const row = rows.find((r) => r.name === want.name);
    if (!row) {
      const [created] = await tx
        .insert(locations)
        .values({ ...locationColumns(want), organizationId })
        .returning({ id: locations.id });
      ids.set(want.name, created!.id);
      summary.locations.created++;
      await replaceLinksIfChanged(tx, organizationId, 'location', created!.id, [], want.links, summary);
      continue;
    }
    ids.set(want.name, row.id);
    const current = locationStateOf(row, locationLinks.get(`location:${row.id}`) ?? []);
    if (!sameValue({ ...current, links: [] }, { ...want, links: [] })) {
      await tx
        .update(locations)
        .set({ ...locationColumns(want), updatedAt: new Date() })
        .where(eq(locations.id, row.id));
      summary.locations.updated++;
    }
    await replaceLinksIfChanged(tx, organizationId, 'location', row.id, current.links, want.links, summary);
  }
  return ids;
}

function locationColumns(l: LocationState) {
  return {
    name: l.name,
    description: l.description,
    accessible: l.accessible,
    openAir: l.openAir,
    street: l.place.street,
    streetAddition: l.place.streetAddition,
    zip: l.place.zip,
    town: l.place.town,
    country: l.place.country,
    lat: l.place.lat,
    lon: l.place.lon,
    placeDescription: l.place.description,
  };
}

/** Replaces an owner's links when they differ from `wanted` (order included). */
export async function replaceLinksIfChanged(
  tx: Tx,
  organizationId: string,
  ownerType: LinkOwnerType,
  ownerId: string,
  current: LinkState[],
  wanted: LinkState[],
  summary: ApplySummary,
): Promise<void> {
  if (sameValue(current, wanted)) return;
  await tx.delete(links).where(and(eq(links.ownerType, ownerType), eq(links.ownerId, ownerId)));
  if (wanted.length > 0) {
    await tx.insert(links).values(
      wanted.map((l, i) => ({
        organizationId,
        ownerType,
        ownerId,
        url: l.url,
        service: l.service,
        sortOrder: i,
      })),
    );
  }
  summary.links.updated++;
}

/** People of the file by key: created, updated (order included) or removed; answers person key → id. */
export async function syncPeople(
  tx: Tx,
  organizationId: string,
  eventId: string,
  stored: StoredEvent,
  want: EventFileState,
  summary: ApplySummary,
): Promise<Map<string, string>> {
  const wantedKeys = new Set(want.people.map((p) => p.key));
  const gone = [...stored.people.entries()].filter(([key]) => !wantedKeys.has(key)).map(([, p]) => p.id);
  if (gone.length > 0) {
    await tx.delete(links).where(and(eq(links.ownerType, 'person'), inArray(links.ownerId, gone)));
    await tx.delete(people).where(inArray(people.id, gone));
    summary.people.removed += gone.length;
  }
  const storedByKey = new Map(stored.state.people.map((p) => [p.key, p]));
  const ids = new Map<string, string>();
  for (const [sortOrder, p] of want.people.entries()) {
    const match = stored.people.get(p.key);
    const columns = { key: p.key, name: p.name, bio: p.bio, image: p.image, sortOrder };
    if (!match) {
      const [created] = await tx
        .insert(people)
        .values({ ...columns, organizationId, eventId })
        .returning({ id: people.id });
      ids.set(p.key, created!.id);
      summary.people.created++;
      await replaceLinksIfChanged(tx, organizationId, 'person', created!.id, [], p.links, summary);
      continue;
    }
    ids.set(p.key, match.id);
    const current = storedByKey.get(p.key)!;
    const same =
      match.storedKey === p.key &&
      match.sortOrder === sortOrder &&
      sameValue({ ...current, links: [] }, { ...p, links: [] });
    if (!same) {
      await tx
        .update(people)
        .set({ ...columns, updatedAt: new Date() })
        .where(eq(people.id, match.id));
      summary.people.updated++;
    }
    await replaceLinksIfChanged(tx, organizationId, 'person', match.id, current.links, p.links, summary);
  }
  return ids;
}

/** Sessions of the file by key: created, updated (with their people and tags) or removed. */
export async function syncSessions(
  tx: Tx,
  organizationId: string,
  eventId: string,
  stored: StoredEvent,
  want: EventFileState,
  refs: { personIds: Map<string, string>; tagIds: Map<string, string>; locationIds: Map<string, string> },
  summary: ApplySummary,
): Promise<void> {
  const wantedKeys = new Set(want.sessions.map((s) => s.key));
  const gone = [...stored.sessions.entries()].filter(([key]) => !wantedKeys.has(key)).map(([, s]) => s.id);
  if (gone.length > 0) {
    await tx.delete(sessions).where(inArray(sessions.id, gone));
    summary.sessions.removed += gone.length;
  }
  const storedByKey = new Map(stored.state.sessions.map((s) => [s.key, s]));
  for (const s of want.sessions) {
    const columns = {
      key: s.key,
      title: s.title,
      kind: s.kind,
      description: s.description,
      startsAt: s.startsAt ? new Date(s.startsAt) : null,
      endsAt: s.endsAt ? new Date(s.endsAt) : null,
      isScheduled: s.isScheduled,
      mandatory: s.mandatory,
      locationId: s.location ? refs.locationIds.get(s.location)! : null,
      capacity: s.capacity,
      streamUrl: s.streamUrl,
      meetingUrl: s.meetingUrl,
    };
    const match = stored.sessions.get(s.key);
    let sessionId: string;
    let relationsChanged: boolean;
    if (!match) {
      const [created] = await tx
        .insert(sessions)
        .values({ ...columns, organizationId, eventId })
        .returning({ id: sessions.id });
      sessionId = created!.id;
      summary.sessions.created++;
      relationsChanged = true;
    } else {
      sessionId = match.id;
      const current = storedByKey.get(s.key)!;
      relationsChanged =
        !sameValue([...current.people].sort(), [...s.people].sort()) || !sameValue(lower(current.tags), lower(s.tags));
      const fieldsChanged = match.storedKey !== s.key || !sameValue(scalars(current), scalars(s));
      if (fieldsChanged || relationsChanged) {
        await tx
          .update(sessions)
          .set({ ...columns, updatedAt: new Date() })
          .where(eq(sessions.id, sessionId));
        summary.sessions.updated++;
      }
      if (relationsChanged) {
        await tx.delete(sessionPeople).where(eq(sessionPeople.sessionId, sessionId));
        await tx.delete(sessionTags).where(eq(sessionTags.sessionId, sessionId));
      }
    }
    if (relationsChanged) {
      if (s.people.length > 0) {
        await tx
          .insert(sessionPeople)
          .values(s.people.map((key) => ({ sessionId, personId: refs.personIds.get(key)!, organizationId })));
      }
      const tagIds = [...new Set(s.tags.map((n) => refs.tagIds.get(n.toLowerCase())!))];
      if (tagIds.length > 0) {
        await tx.insert(sessionTags).values(tagIds.map((tagId) => ({ sessionId, tagId, organizationId })));
      }
    }
  }
}

function scalars(s: SessionState) {
  const { people: _p, tags: _t, key: _k, ...rest } = s;
  return rest;
}
