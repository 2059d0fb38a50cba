import { EVENT_TRANSITIONS, type EventStatus } from '@foyer/contracts';
import { and, eq, inArray } from 'drizzle-orm';
import type { UserActor } from '../../../platform/auth/actor.ts';
import type { Tx } from '../../../platform/db/database.ts';
import { recordDomainEvent } from '../../../platform/events/domain-events.ts';
import type { AuditActor, AuditService } from '../../audit/audit-service.ts';
import {
  eventOrganizers,
  eventStatusHistory,
  events,
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
import { invalidEventFile } from './event-file-errors.ts';
import {
  type EventFileState,
  type EventState,
  type LinkState,
  type LocationState,
  type SessionState,
  sameValue,
  stateOf,
} from './event-file-format.ts';
import type { ParsedEventFile } from './event-file-parse.ts';
import { eventStateOf, linksOf, loadStoredEvent, locationStateOf, type StoredEvent } from './event-file-state.ts';

export type ApplyKind = 'event' | 'tags' | 'locations' | 'people' | 'sessions' | 'links';
export type ApplySummary = Record<ApplyKind, { created: number; updated: number; removed: number }>;

/** What an apply did; `changed: false` means it wrote nothing at all. */
export interface ApplyResult {
  eventId: string;
  slug: string;
  created: boolean;
  changed: boolean;
  /** Status changes made, in order (e.g. draft → published). */
  statusChanges: EventStatus[];
  summary: ApplySummary;
}

const STATUS_REASON = 'event file applied';

/**
 * Brings the stored event in line with an event file, in one transaction:
 * compares field by field and writes only what differs, so applying the
 * same file twice writes nothing (no audit entry, no `updatedAt` bump).
 * Tags and locations are the organization's, upserted by name and never
 * removed here; people, sessions and links not in the file are removed.
 */
export async function applyEventFile(
  tx: Tx,
  audit: AuditService,
  organizationId: string,
  parsed: ParsedEventFile,
  by: AuditActor,
  creator: UserActor | null,
): Promise<ApplyResult> {
  const want = stateOf(parsed.file);
  const summary = emptySummary();
  const [existing] = await tx
    .select()
    .from(events)
    .where(and(eq(events.organizationId, organizationId), eq(events.slug, want.event.slug)))
    .for('update');

  const from = existing?.status ?? 'draft';
  const steps = want.event.status ? statusPath(from, want.event.status) : [];
  if (!steps) {
    throw invalidEventFile([
      parsed.source.error(['event', 'status'], `cannot go from ${from} to ${want.event.status} (the event is ${from})`),
    ]);
  }

  const tagIds = await upsertTags(tx, organizationId, want.tags, summary);
  const locationIds = await upsertLocations(tx, organizationId, want.locations, summary);

  let row: typeof events.$inferSelect;
  if (!existing) {
    [row] = (await tx
      .insert(events)
      .values({ ...eventColumns(want.event), organizationId, status: 'draft' })
      .returning()) as [typeof events.$inferSelect];
    await tx.insert(eventStatusHistory).values({
      eventId: row.id,
      organizationId,
      fromStatus: null,
      toStatus: 'draft',
      reason: STATUS_REASON,
      actorId: creator?.userId ?? null,
    });
    if (creator) {
      await tx
        .insert(eventOrganizers)
        .values({ eventId: row.id, organizationId, userId: creator.userId, role: 'lead', status: 'active' });
    }
    summary.event.created++;
  } else {
    row = existing;
    const { status: _s, ...stored } = eventStateOf(existing);
    const { status: _w, tags: _t, links: _l, ...wanted } = want.event;
    if (!sameValue(stored, wanted)) {
      await tx
        .update(events)
        .set({ ...eventColumns(want.event), updatedAt: new Date() })
        .where(eq(events.id, existing.id));
      summary.event.updated++;
    }
  }
  const eventId = row.id;
  const stored = await loadStoredEvent(tx, row);

  if (!sameValue(lower(stored.state.event.tags), lower(want.event.tags))) {
    await tx.delete(eventTags).where(eq(eventTags.eventId, eventId));
    const ids = want.event.tags.map((n) => tagIds.get(n.toLowerCase())!);
    if (ids.length > 0) await tx.insert(eventTags).values(ids.map((tagId) => ({ eventId, tagId, organizationId })));
    if (existing) summary.event.updated = 1;
  }
  await replaceLinksIfChanged(
    tx,
    organizationId,
    'event',
    eventId,
    stored.state.event.links,
    want.event.links,
    summary,
  );

  const personIds = await syncPeople(tx, organizationId, eventId, stored, want, summary);
  await syncSessions(tx, organizationId, eventId, stored, want, { personIds, tagIds, locationIds }, summary);

  for (const [i, to] of steps.entries()) {
    const before = i === 0 ? from : steps[i - 1]!;
    await tx.update(events).set({ status: to, updatedAt: new Date() }).where(eq(events.id, eventId));
    await tx.insert(eventStatusHistory).values({
      eventId,
      organizationId,
      fromStatus: before,
      toStatus: to,
      reason: STATUS_REASON,
      actorId: by.id,
    });
    await audit.record(tx, {
      actor: by,
      organizationId,
      action: 'event.status_changed',
      target: { type: 'event', id: eventId },
      metadata: { from: before, to, reason: STATUS_REASON },
    });
    await recordDomainEvent(tx, {
      type: `event.${to}`,
      aggregateType: 'event',
      aggregateId: eventId,
      organizationId,
      payload: { eventId, from: before },
    });
  }

  const changed = steps.length > 0 || Object.values(summary).some((c) => c.created + c.updated + c.removed > 0);
  if (changed) {
    await audit.record(tx, {
      actor: by,
      organizationId,
      action: existing ? 'event.applied' : 'event.created',
      target: { type: 'event', id: eventId },
      metadata: { slug: want.event.slug, via: 'event-file', summary },
    });
    await recordDomainEvent(tx, {
      type: existing ? 'event.applied' : 'event.created',
      aggregateType: 'event',
      aggregateId: eventId,
      organizationId,
      payload: { eventId },
    });
  }
  return { eventId, slug: want.event.slug, created: !existing, changed, statusChanges: steps, summary };
}

/** The legal steps from one status to another (shortest path), `[]` when equal, null when unreachable. */
export function statusPath(from: EventStatus, to: EventStatus): EventStatus[] | null {
  const queue: EventStatus[][] = [[from]];
  const seen = new Set<EventStatus>([from]);
  while (queue.length > 0) {
    const path = queue.shift()!;
    const last = path.at(-1)!;
    if (last === to) return path.slice(1);
    for (const next of EVENT_TRANSITIONS[last]) {
      if (!seen.has(next)) {
        seen.add(next);
        queue.push([...path, next]);
      }
    }
  }
  return null;
}

function emptySummary(): ApplySummary {
  const zero = () => ({ created: 0, updated: 0, removed: 0 });
  return { event: zero(), tags: zero(), locations: zero(), people: zero(), sessions: zero(), links: zero() };
}

const lower = (names: string[]) => names.map((n) => n.toLowerCase()).sort();

function eventColumns(e: EventState) {
  return {
    slug: e.slug,
    name: e.name,
    kind: e.kind,
    format: e.format,
    timezone: e.timezone,
    startsAt: new Date(e.startsAt),
    endsAt: new Date(e.endsAt),
    summary: e.summary,
    description: e.description,
    priceText: e.priceText,
    coverImage: e.coverImage,
    visibility: e.visibility,
    capacity: e.capacity,
    registration: e.registration,
    cpd: e.cpd,
  };
}

/** The organization's tags by lower-case name, creating the ones the file names that do not exist yet. */
async function upsertTags(
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
async function upsertLocations(
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

async function replaceLinksIfChanged(
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
async function syncPeople(
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
async function syncSessions(
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
