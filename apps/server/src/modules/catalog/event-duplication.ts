import { randomUUID } from 'node:crypto';
import type { Event } from '@foyer/contracts';
import { and, asc, eq, inArray } from 'drizzle-orm';
import type { UserActor } from '../../platform/auth/actor.ts';
import type { Db, Tx } from '../../platform/db/database.ts';
import { isUniqueViolation } from '../../platform/db/errors.ts';
import { AppError } from '../../platform/http/problem.ts';
import type { AuditActor, AuditService } from '../audit/index.ts';
import { assertSlugAllowed, toDto } from './events-service.ts';
import {
  eventOrganizers,
  eventStatusHistory,
  events,
  eventTags,
  links,
  people,
  sessionPeople,
  sessions,
  sessionTags,
} from './schema.ts';

export interface DuplicateEventInput {
  name?: string | undefined;
  slug: string;
  startsAt: string;
}

/**
 * Copies an event as a new draft (next year's edition): its fields, tags,
 * links, people (with their links), sessions (with their location,
 * people and tags), registration questions and requirements, every date
 * moved by the same offset.
 *
 * The offset is an exact duration (new startsAt − old startsAt), applied to
 * UTC instants. Across a daylight-saving change the local wall-clock times
 * of the copy may therefore differ by an hour from the original's.
 *
 * Not copied: status history (the copy starts with one `null → draft`),
 * organizers (the caller, if a user, becomes lead) and registrations.
 */
export class EventDuplicationService {
  private readonly copiers: EventCopier[] = [];

  constructor(
    private readonly db: Db,
    private readonly audit: AuditService,
  ) {}

  /** Adds what a module copies into a duplicate event (its per-event rows), run inside the duplication's transaction. */
  alsoCopy(copier: EventCopier): void {
    this.copiers.push(copier);
  }

  async duplicate(
    sourceEventId: string,
    body: DuplicateEventInput,
    by: AuditActor,
    creator: UserActor | null,
  ): Promise<Event> {
    assertSlugAllowed(body.slug);
    // Everything below uses `tx` only (decision 7: PGlite is one connection).
    return this.db.transaction(async (tx) => {
      const [source] = await tx.select().from(events).where(eq(events.id, sourceEventId));
      if (!source) throw new AppError('NOT_FOUND', 404, 'No such event.');
      const { organizationId } = source;
      const offset = new Date(body.startsAt).getTime() - source.startsAt.getTime();
      const shift = (d: Date) => new Date(d.getTime() + offset);
      const shiftOrNull = (d: Date | null) => (d ? shift(d) : null);

      const [row] = await tx
        .insert(events)
        .values({
          organizationId,
          slug: body.slug,
          name: body.name ?? source.name,
          kind: source.kind,
          format: source.format,
          timezone: source.timezone,
          startsAt: shift(source.startsAt),
          endsAt: shift(source.endsAt),
          summary: source.summary,
          description: source.description,
          priceText: source.priceText,
          coverImage: source.coverImage,
          visibility: source.visibility,
          capacity: source.capacity,
          registration: shiftRegistration(source.registration, offset),
          cpd: source.cpd,
          status: 'draft',
        })
        .returning()
        .catch((err: unknown) => {
          throw isUniqueViolation(err) ? slugTaken(body.slug) : err;
        });
      const eventId = row!.id;

      await tx.insert(eventStatusHistory).values({
        eventId,
        organizationId,
        fromStatus: null,
        toStatus: 'draft',
        actorId: creator?.userId ?? null,
      });
      if (creator) {
        await tx
          .insert(eventOrganizers)
          .values({ eventId, organizationId, userId: creator.userId, role: 'lead', status: 'active' });
      }

      // Tags and links of the event.
      const tagRows = await tx.select().from(eventTags).where(eq(eventTags.eventId, sourceEventId));
      if (tagRows.length > 0) {
        await tx.insert(eventTags).values(tagRows.map((t) => ({ eventId, tagId: t.tagId, organizationId })));
      }
      const eventLinks = await tx
        .select()
        .from(links)
        .where(and(eq(links.ownerType, 'event'), eq(links.ownerId, sourceEventId)))
        .orderBy(asc(links.sortOrder), asc(links.id));
      if (eventLinks.length > 0) {
        await tx.insert(links).values(
          eventLinks.map((l) => ({
            organizationId,
            ownerType: 'event' as const,
            ownerId: eventId,
            url: l.url,
            service: l.service,
            sortOrder: l.sortOrder,
          })),
        );
      }

      // People, with their links; ids chosen here so sessions can be mapped to them.
      const personRows = await tx
        .select()
        .from(people)
        .where(eq(people.eventId, sourceEventId))
        .orderBy(asc(people.sortOrder), asc(people.id));
      const personIds = new Map(personRows.map((p) => [p.id, randomUUID()]));
      if (personRows.length > 0) {
        await tx.insert(people).values(
          personRows.map((p) => ({
            id: personIds.get(p.id)!,
            organizationId,
            eventId,
            name: p.name,
            key: p.key,
            bio: p.bio,
            image: p.image,
            userId: p.userId,
            sortOrder: p.sortOrder,
          })),
        );
        const personLinks = await tx
          .select()
          .from(links)
          .where(and(eq(links.ownerType, 'person'), inArray(links.ownerId, [...personIds.keys()])))
          .orderBy(asc(links.sortOrder), asc(links.id));
        if (personLinks.length > 0) {
          await tx.insert(links).values(
            personLinks.map((l) => ({
              organizationId,
              ownerType: 'person' as const,
              ownerId: personIds.get(l.ownerId)!,
              url: l.url,
              service: l.service,
              sortOrder: l.sortOrder,
            })),
          );
        }
      }

      // Sessions, with their location kept and their people and tags mapped.
      const sessionRows = await tx.select().from(sessions).where(eq(sessions.eventId, sourceEventId));
      const sessionIds = new Map(sessionRows.map((s) => [s.id, randomUUID()]));
      if (sessionRows.length > 0) {
        await tx.insert(sessions).values(
          sessionRows.map((s) => ({
            id: sessionIds.get(s.id)!,
            organizationId,
            eventId,
            title: s.title,
            key: s.key,
            kind: s.kind,
            description: s.description,
            startsAt: shiftOrNull(s.startsAt),
            endsAt: shiftOrNull(s.endsAt),
            locationId: s.locationId,
            capacity: s.capacity,
            isScheduled: s.isScheduled,
            streamUrl: s.streamUrl,
            meetingUrl: s.meetingUrl,
            mandatory: s.mandatory,
          })),
        );
        const oldSessionIds = [...sessionIds.keys()];
        const speakers = await tx.select().from(sessionPeople).where(inArray(sessionPeople.sessionId, oldSessionIds));
        const mappedSpeakers = speakers.flatMap((sp) => {
          const personId = personIds.get(sp.personId);
          return personId ? [{ sessionId: sessionIds.get(sp.sessionId)!, personId, organizationId }] : [];
        });
        if (mappedSpeakers.length > 0) await tx.insert(sessionPeople).values(mappedSpeakers);
        const sTags = await tx.select().from(sessionTags).where(inArray(sessionTags.sessionId, oldSessionIds));
        if (sTags.length > 0) {
          await tx
            .insert(sessionTags)
            .values(sTags.map((st) => ({ sessionId: sessionIds.get(st.sessionId)!, tagId: st.tagId, organizationId })));
        }
      }

      // What other modules keep per event (the registration form, later a venue), in the same transaction.
      for (const copy of this.copiers) {
        await copy(tx, { sourceEventId, eventId, organizationId, offsetMs: offset });
      }

      await this.audit.recordChange(tx, {
        actor: by,
        organizationId,
        action: 'event.duplicated',
        subject: { type: 'event', id: eventId },
        metadata: { sourceEventId },
        event: { type: 'event.created', payload: { eventId } },
      });
      return toDto(row!);
    });
  }
}

/** What an {@link EventCopier} is told: which event is copied into which, and by how much its times move. */
export interface EventCopy {
  sourceEventId: string;
  eventId: string;
  organizationId: string;
  /** Milliseconds every instant of the copy is moved by. */
  offsetMs: number;
}

/** Copies a module's rows of one event into its duplicate, with the duplication's transaction. */
export type EventCopier = (tx: Tx, copy: EventCopy) => Promise<void>;

/** The registration settings with `opensAt` and `closesAt` (when set) moved by `offset` milliseconds. */
function shiftRegistration(registration: Record<string, unknown>, offset: number): Record<string, unknown> {
  const shifted = { ...registration };
  for (const key of ['opensAt', 'closesAt'] as const) {
    const value = registration[key];
    if (typeof value === 'string') shifted[key] = new Date(new Date(value).getTime() + offset).toISOString();
  }
  return shifted;
}

function slugTaken(slug: string): AppError {
  return new AppError('SLUG_TAKEN', 409, `This organization already has an event at "${slug}".`, [
    { field: 'body.slug', message: 'is already taken', code: 'slug_taken' },
  ]);
}
