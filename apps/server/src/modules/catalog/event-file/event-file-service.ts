import { and, eq, inArray, notExists } from 'drizzle-orm';
import type { UserActor } from '../../../platform/auth/actor.ts';
import type { Db, Tx } from '../../../platform/db/database.ts';
import { isUniqueViolation } from '../../../platform/db/errors.ts';
import { AppError } from '../../../platform/http/problem.ts';
import { isUuid } from '../../../platform/ids.ts';
import type { AuditActor, AuditService } from '../../audit/index.ts';
import { organizations } from '../../organizations/index.ts';
import type { EventsService } from '../events-service.ts';
import { notFound } from '../programme-errors.ts';
import { events, eventTags, links, locations, sessions, sessionTags, tags } from '../schema.ts';
import { type ApplyResult, applyEventFile } from './event-file-apply.ts';
import { eventFileYaml } from './event-file-export.ts';
import { type ParsedEventFile, parseEventFile } from './event-file-parse.ts';
import { loadStoredEvent } from './event-file-state.ts';

/** What `destroy` removed besides the event itself. */
export interface DestroyResult {
  eventId: string;
  slug: string;
  /** Organization locations and tags that only this event used. */
  removedLocations: string[];
  removedTags: string[];
}

/**
 * Event as code: an event with its programme as one YAML file. Export
 * writes it, apply makes the stored event match it (idempotently, in one
 * transaction), destroy removes the event and what only it used.
 */
export class EventFileService {
  constructor(
    private readonly db: Db,
    private readonly audit: AuditService,
    private readonly events: EventsService,
  ) {}

  /** Parses and checks a file; throws `INVALID_EVENT_FILE` with line-precise errors. */
  parse(text: string): ParsedEventFile {
    return parseEventFile(text);
  }

  /** The event file of an event, and its slug (for a file name). */
  async export(eventId: string): Promise<{ slug: string; yaml: string }> {
    const [found] = await this.db
      .select({ event: events, orgSlug: organizations.slug })
      .from(events)
      .innerJoin(organizations, eq(organizations.id, events.organizationId))
      .where(eq(events.id, eventId));
    if (!found) throw notFound('event');
    const stored = await loadStoredEvent(this.db, found.event);
    return { slug: found.event.slug, yaml: eventFileYaml(stored.state, found.orgSlug) };
  }

  /** The id of the organization's event with this slug, if there is one (to decide create vs manage). */
  async existingEventId(organizationId: string, slug: string): Promise<string | null> {
    const [row] = await this.db
      .select({ id: events.id })
      .from(events)
      .where(and(eq(events.organizationId, organizationId), eq(events.slug, slug)));
    return row?.id ?? null;
  }

  /** Creates or updates the event a file describes; `creator` (a user) runs a new event as lead. */
  async apply(
    organizationId: string,
    parsed: ParsedEventFile,
    by: AuditActor,
    creator: UserActor | null,
  ): Promise<ApplyResult> {
    return this.db
      .transaction((tx) => applyEventFile(tx, this.audit, organizationId, parsed, by, creator))
      .catch((err: unknown) => {
        // Another apply (or a console edit) created the same slug, tag or location name meanwhile.
        throw isUniqueViolation(err)
          ? new AppError(
              'CONFLICT',
              409,
              'The event or one of its tags or locations was created meanwhile; apply again.',
            )
          : err;
      });
  }

  /**
   * Deletes the event with its sessions, people and links, and the
   * organization's locations and tags that this event used and no other
   * event (or its sessions) uses. Anything another event uses stays.
   */
  async destroy(eventId: string, by: AuditActor): Promise<DestroyResult> {
    return this.db.transaction(async (tx) => {
      const locationIds = (
        await tx.selectDistinct({ id: sessions.locationId }).from(sessions).where(eq(sessions.eventId, eventId))
      ).flatMap((r) => (r.id ? [r.id] : []));
      const tagIds = [
        ...new Set([
          ...(await tx.select({ id: eventTags.tagId }).from(eventTags).where(eq(eventTags.eventId, eventId))).map(
            (r) => r.id,
          ),
          ...(
            await tx
              .select({ id: sessionTags.tagId })
              .from(sessionTags)
              .innerJoin(sessions, eq(sessions.id, sessionTags.sessionId))
              .where(eq(sessions.eventId, eventId))
          ).map((r) => r.id),
        ]),
      ];
      const event = await this.events.deleteWithin(tx, eventId, by);
      const removedLocations = await this.removeUnusedLocations(tx, locationIds, by);
      const removedTags = await this.removeUnusedTags(tx, tagIds, by);
      return { eventId, slug: event.slug, removedLocations, removedTags };
    });
  }

  /** An event by id or by `orgSlug/eventSlug`; null when there is none. */
  async resolveEvent(ref: string): Promise<string | null> {
    const id = await this.events.resolveRef(ref);
    // A slug was looked up; an id still has to name an event that exists.
    if (!id || !isUuid(ref)) return id;
    return (await this.db.select({ id: events.id }).from(events).where(eq(events.id, id)))[0]?.id ?? null;
  }

  /** The id of the organization with this slug, or null. */
  async organizationIdBySlug(slug: string): Promise<string | null> {
    const [row] = await this.db
      .select({ id: organizations.id })
      .from(organizations)
      .where(eq(organizations.slug, slug));
    return row?.id ?? null;
  }

  private async removeUnusedLocations(tx: Tx, ids: string[], by: AuditActor): Promise<string[]> {
    if (ids.length === 0) return [];
    const removed = await tx
      .delete(locations)
      .where(
        and(
          inArray(locations.id, ids),
          notExists(tx.select({ id: sessions.id }).from(sessions).where(eq(sessions.locationId, locations.id))),
        ),
      )
      .returning();
    if (removed.length > 0) {
      await tx.delete(links).where(
        and(
          eq(links.ownerType, 'location'),
          inArray(
            links.ownerId,
            removed.map((l) => l.id),
          ),
        ),
      );
    }
    for (const l of removed) {
      await this.audit.recordChange(tx, {
        actor: by,
        organizationId: l.organizationId,
        action: 'location.deleted',
        subject: { type: 'location', id: l.id },
        metadata: { name: l.name, via: 'event-file destroy' },
        event: { payload: { locationId: l.id } },
      });
    }
    return removed.map((l) => l.name);
  }

  private async removeUnusedTags(tx: Tx, ids: string[], by: AuditActor): Promise<string[]> {
    if (ids.length === 0) return [];
    const removed = await tx
      .delete(tags)
      .where(
        and(
          inArray(tags.id, ids),
          notExists(tx.select({ id: eventTags.tagId }).from(eventTags).where(eq(eventTags.tagId, tags.id))),
          notExists(tx.select({ id: sessionTags.tagId }).from(sessionTags).where(eq(sessionTags.tagId, tags.id))),
        ),
      )
      .returning();
    for (const t of removed) {
      await this.audit.recordChange(tx, {
        actor: by,
        organizationId: t.organizationId,
        action: 'tag.deleted',
        subject: { type: 'tag', id: t.id },
        metadata: { name: t.name, via: 'event-file destroy' },
        event: { payload: { tagId: t.id } },
      });
    }
    return removed.map((t) => t.name);
  }
}
