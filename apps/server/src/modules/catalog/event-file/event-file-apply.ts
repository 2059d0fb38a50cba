import { EVENT_TRANSITIONS, type EventStatus } from '@foyer/contracts';
import { and, eq } from 'drizzle-orm';
import type { UserActor } from '../../../platform/auth/actor.ts';
import type { Tx } from '../../../platform/db/database.ts';
import { recordDomainEvent } from '../../../platform/events/domain-events.ts';
import type { AuditActor, AuditService } from '../../audit/index.ts';
import { eventOrganizers, eventStatusHistory, events, eventTags } from '../schema.ts';
import { invalidEventFile } from './event-file-errors.ts';
import { type EventState, sameValue, stateOf } from './event-file-format.ts';
import type { ParsedEventFile } from './event-file-parse.ts';
import { eventStateOf, loadStoredEvent } from './event-file-state.ts';
import {
  lower,
  replaceLinksIfChanged,
  syncPeople,
  syncSessions,
  upsertLocations,
  upsertTags,
} from './event-file-sync.ts';

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
