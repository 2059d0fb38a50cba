import { and, asc, eq } from 'drizzle-orm';
import type { Db } from '../../platform/db/database.ts';
import { recordDomainEvent } from '../../platform/events/domain-events.ts';
import { AppError } from '../../platform/http/problem.ts';
import type { AuditActor, AuditService } from '../audit/index.ts';
import { type UsersRepository, users } from '../identity/index.ts';
import { memberships } from '../organizations/index.ts';
import { type EventOrganizerStatus, eventOrganizers, events } from './schema.ts';

/**
 * Who runs an event, with a status: someone falls sick (`unavailable`),
 * another takes over (`active`) and the first is `replaced`. Only members
 * of the event's organization can be assigned.
 */
export class EventOrganizersService {
  constructor(
    private readonly db: Db,
    private readonly users: UsersRepository,
    private readonly audit: AuditService,
  ) {}

  async list(eventId: string) {
    const rows = await this.db
      .select({ o: eventOrganizers, u: users })
      .from(eventOrganizers)
      .innerJoin(users, eq(users.id, eventOrganizers.userId))
      .where(eq(eventOrganizers.eventId, eventId))
      .orderBy(asc(eventOrganizers.createdAt));
    return rows.map(({ o, u }) => ({
      userId: u.id,
      name: u.name,
      email: this.users.email(u),
      role: o.role,
      status: o.status,
      updatedAt: o.updatedAt.toISOString(),
    }));
  }

  async assign(
    eventId: string,
    target: { userId?: string | undefined; email?: string | undefined },
    role: 'lead' | 'co',
    by: AuditActor,
  ) {
    await this.db.transaction(async (tx) => {
      const [event] = await tx.select().from(events).where(eq(events.id, eventId));
      if (!event) throw new AppError('NOT_FOUND', 404, 'No such event.');
      const user = target.userId
        ? await this.users.byId(tx, target.userId)
        : await this.users.byEmail(tx, target.email!);
      const [member] = user
        ? await tx
            .select()
            .from(memberships)
            .where(and(eq(memberships.userId, user.id), eq(memberships.organizationId, event.organizationId)))
        : [];
      if (!user || !member) {
        throw new AppError('VALIDATION_FAILED', 422, 'Only members of the organization can run its events.', [
          {
            field: target.userId ? 'body.userId' : 'body.email',
            message: 'is not a member of this organization',
            code: 'not_a_member',
          },
        ]);
      }
      const inserted = await tx
        .insert(eventOrganizers)
        .values({ eventId, organizationId: event.organizationId, userId: user.id, role, status: 'invited' })
        .onConflictDoNothing()
        .returning();
      if (inserted.length === 0)
        throw new AppError('CONFLICT', 409, 'This person is already an organizer of the event.');
      await this.audit.recordChange(tx, {
        actor: by,
        organizationId: event.organizationId,
        action: 'event.organizer_assigned',
        subject: { type: 'user', id: user.id },
        metadata: { eventId, role },
        event: { aggregate: { type: 'event', id: eventId }, payload: { eventId, userId: user.id, role } },
      });
    });
    return (await this.list(eventId)).find(
      (o) =>
        o.userId === (target.userId ?? o.userId) &&
        (!target.email || o.email.toLowerCase() === target.email.toLowerCase()),
    )!;
  }

  async update(
    eventId: string,
    userId: string,
    patch: { status?: EventOrganizerStatus | undefined; role?: 'lead' | 'co' | undefined },
    by: AuditActor,
  ) {
    await this.db.transaction(async (tx) => {
      const [current] = await tx
        .select()
        .from(eventOrganizers)
        .where(and(eq(eventOrganizers.eventId, eventId), eq(eventOrganizers.userId, userId)))
        .for('update');
      if (!current) throw new AppError('NOT_FOUND', 404, 'This person is not an organizer of the event.');
      const fields = Object.fromEntries(Object.entries(patch).filter(([, v]) => v !== undefined));
      await tx
        .update(eventOrganizers)
        .set({ ...fields, updatedAt: new Date() })
        .where(and(eq(eventOrganizers.eventId, eventId), eq(eventOrganizers.userId, userId)));
      await this.audit.record(tx, {
        actor: by,
        organizationId: current.organizationId,
        action: 'event.organizer_changed',
        target: { type: 'user', id: userId },
        metadata: { eventId, from: { status: current.status, role: current.role }, to: fields },
      });
      // The registration issue's mail reacts to this (co-organizers and admins are told).
      await recordDomainEvent(tx, {
        type: 'event.organizer_changed',
        aggregateType: 'event',
        aggregateId: eventId,
        organizationId: current.organizationId,
        payload: { eventId, userId, from: current.status, to: patch.status ?? current.status },
      });
    });
    return (await this.list(eventId)).find((o) => o.userId === userId)!;
  }
}
