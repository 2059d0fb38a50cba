import type { Link, Person } from '@foyer/contracts';
import { and, asc, eq, inArray } from 'drizzle-orm';
import type { Db, Executor } from '../../platform/db/database.ts';
import type { AuditActor, AuditService } from '../audit/index.ts';
import { memberships } from '../organizations/index.ts';
import type { LinksService } from './links-service.ts';
import { distinct, invalidField, notFound } from './programme-errors.ts';
import { events, people } from './schema.ts';

type PersonRow = typeof people.$inferSelect;
export interface PersonInput {
  name?: string | undefined;
  bio?: string | undefined;
  image?: string | null | undefined;
  userId?: string | null | undefined;
  sortOrder?: number | undefined;
}

/** The people of an event's programme: speakers, artists, facilitators; optionally linked to an account. */
export class PeopleService {
  constructor(
    private readonly db: Db,
    private readonly audit: AuditService,
    private readonly links: LinksService,
  ) {}

  async create(eventId: string, body: PersonInput & { name: string }, by: AuditActor): Promise<Person> {
    return this.db.transaction(async (tx) => {
      const [event] = await tx
        .select({ organizationId: events.organizationId })
        .from(events)
        .where(eq(events.id, eventId));
      if (!event) throw notFound('event');
      if (body.userId) await assertMember(tx, event.organizationId, body.userId);
      const [row] = await tx
        .insert(people)
        .values({ ...defined(body), name: body.name, eventId, organizationId: event.organizationId })
        .returning();
      await this.audit.recordChange(tx, {
        actor: by,
        organizationId: event.organizationId,
        action: 'person.created',
        subject: { type: 'person', id: row!.id },
        metadata: { eventId },
        event: { payload: { personId: row!.id, eventId } },
      });
      return personDto(row!, []);
    });
  }

  /** The event's people in their order, then by name. */
  async list(eventId: string): Promise<Person[]> {
    const rows = await this.db
      .select()
      .from(people)
      .where(eq(people.eventId, eventId))
      .orderBy(asc(people.sortOrder), asc(people.name), asc(people.id));
    const links = await this.links.forOwners(
      this.db,
      'person',
      rows.map((r) => r.id),
    );
    return rows.map((r) => personDto(r, links.get(r.id) ?? []));
  }

  async get(personId: string, executor: Executor = this.db): Promise<Person> {
    const row = await this.row(executor, personId);
    return personDto(row, await this.links.forOwner(executor, 'person', personId));
  }

  async update(personId: string, patch: PersonInput, by: AuditActor): Promise<Person> {
    return this.db.transaction(async (tx) => {
      const before = await this.row(tx, personId, true);
      if (patch.userId) await assertMember(tx, before.organizationId, patch.userId);
      await tx
        .update(people)
        .set({ ...defined(patch), updatedAt: new Date() })
        .where(eq(people.id, personId));
      await this.audit.recordChange(tx, {
        actor: by,
        organizationId: before.organizationId,
        action: 'person.updated',
        subject: { type: 'person', id: personId },
        metadata: { eventId: before.eventId, fields: Object.keys(patch) },
        event: { payload: { personId, eventId: before.eventId } },
      });
      return this.get(personId, tx);
    });
  }

  /** Deletes a person; they come off every session of the event. */
  async delete(personId: string, by: AuditActor): Promise<void> {
    await this.db.transaction(async (tx) => {
      const current = await this.row(tx, personId, true);
      await tx.delete(people).where(eq(people.id, personId));
      await this.links.deleteFor(tx, 'person', [personId]);
      await this.audit.recordChange(tx, {
        actor: by,
        organizationId: current.organizationId,
        action: 'person.deleted',
        subject: { type: 'person', id: personId },
        metadata: { eventId: current.eventId },
        event: { payload: { personId, eventId: current.eventId } },
      });
    });
  }

  /** The person's event, or null when there is no such person (for the access gate). */
  async eventIdOf(personId: string): Promise<string | null> {
    const [row] = await this.db.select({ eventId: people.eventId }).from(people).where(eq(people.id, personId));
    return row?.eventId ?? null;
  }

  /** The distinct ids; a 422 on `field` when one is not a person of the event. */
  async assertInEvent(executor: Executor, eventId: string, ids: string[], field: string): Promise<string[]> {
    const wanted = distinct(ids);
    if (wanted.length === 0) return [];
    const rows = await executor
      .select({ id: people.id })
      .from(people)
      .where(and(eq(people.eventId, eventId), inArray(people.id, wanted)));
    if (rows.length !== wanted.length) throw invalidField(field, 'must name people of this event', 'unknown_person');
    return wanted;
  }

  /** The ids of every person of an event (for cleaning up their links when the event goes). */
  async idsOfEvent(executor: Executor, eventId: string): Promise<string[]> {
    const rows = await executor.select({ id: people.id }).from(people).where(eq(people.eventId, eventId));
    return rows.map((r) => r.id);
  }

  private async row(executor: Executor, personId: string, lock = false): Promise<PersonRow> {
    const query = executor.select().from(people).where(eq(people.id, personId));
    const [row] = lock ? await query.for('update') : await query;
    if (!row) throw notFound('person');
    return row;
  }
}

/**
 * A programme entry may name only an account of the organization's own
 * members: linking anyone else's account would attach a stranger (who never
 * agreed) to a public speaker profile. Unknown and foreign ids read alike.
 */
async function assertMember(executor: Executor, organizationId: string, userId: string): Promise<void> {
  const [row] = await executor
    .select({ userId: memberships.userId })
    .from(memberships)
    .where(and(eq(memberships.organizationId, organizationId), eq(memberships.userId, userId)));
  if (!row) throw invalidField('body.userId', 'must name an account of a member of the organization', 'not_a_member');
}

function defined<T extends object>(body: T): Partial<T> {
  return Object.fromEntries(Object.entries(body).filter(([, v]) => v !== undefined)) as Partial<T>;
}

export function personDto(row: PersonRow, links: Link[]): Person {
  return {
    id: row.id,
    organizationId: row.organizationId,
    eventId: row.eventId,
    name: row.name,
    bio: row.bio,
    image: row.image,
    userId: row.userId,
    sortOrder: row.sortOrder,
    links,
    createdAt: row.createdAt.toISOString(),
    updatedAt: row.updatedAt.toISOString(),
  };
}
