import { eq, getTableColumns } from 'drizzle-orm';
import type { Actor } from '../../platform/auth/actor.ts';
import { type Action, decide } from '../../platform/auth/policy.ts';
import type { Executor } from '../../platform/db/database.ts';
import { AppError } from '../../platform/http/problem.ts';
import { type EventsService, events } from '../catalog/index.ts';
import type { OrganizationsService } from '../organizations/index.ts';

export type EventRow = Omit<typeof events.$inferSelect, 'searchDocument'>;

// Every column but the search document (a tsvector of the whole description): registration never needs it.
const { searchDocument: _searchDocument, ...eventColumns } = getTableColumns(events);

/** The registration settings of an event with Foyer's defaults filled in. */
export interface RegistrationRules {
  opensAt: Date | null;
  /** Registration closes at this time, or when the event ends if not set. */
  closesAt: Date;
  guestsAllowed: boolean;
  waitlistEnabled: boolean;
  waitlistAutoPromote: boolean;
  approvalRequired: boolean;
  /** Guests confirm their address from a mailed link before they are registered. */
  confirmAddress: boolean;
  capacity: number | null;
}

export function rulesOf(event: EventRow): RegistrationRules {
  const r = event.registration as {
    opensAt?: string | null;
    closesAt?: string | null;
    guestsAllowed?: boolean;
    waitlistEnabled?: boolean;
    waitlistAutoPromote?: boolean;
    approvalRequired?: boolean;
    confirmAddress?: boolean;
  };
  return {
    opensAt: r.opensAt ? new Date(r.opensAt) : null,
    closesAt: r.closesAt ? new Date(r.closesAt) : event.endsAt,
    guestsAllowed: r.guestsAllowed ?? true,
    waitlistEnabled: r.waitlistEnabled ?? false,
    waitlistAutoPromote: r.waitlistAutoPromote ?? true,
    approvalRequired: r.approvalRequired ?? false,
    confirmAddress: r.confirmAddress ?? false,
    capacity: event.capacity,
  };
}

/** Published or live, and public or unlisted: anyone with the link may see it and register. */
export function isPubliclyVisible(event: Pick<EventRow, 'status' | 'visibility'>): boolean {
  return (event.status === 'published' || event.status === 'live') && event.visibility !== 'private';
}

export async function eventRow(executor: Executor, eventId: string): Promise<EventRow> {
  const [row] = await executor.select(eventColumns).from(events).where(eq(events.id, eventId));
  if (!row) throw new AppError('NOT_FOUND', 404, 'No such event.');
  return row;
}

/**
 * Asks the policy what the access gate would answer for `action` on an
 * event, for routes that are open to some callers and not others (public
 * reads of unpublished events; cancelling as attendee or organiser).
 */
export class EventPermissions {
  constructor(
    private readonly events: EventsService,
    private readonly organizations: OrganizationsService,
  ) {}

  async allows(actor: Actor, action: Action, eventId: string): Promise<boolean> {
    const userId = actor.kind === 'user' ? actor.userId : null;
    const context = await this.events.accessContext(eventId, userId);
    if (!context) return false;
    const role = userId ? await this.organizations.roleOf(userId, context.organizationId) : null;
    return decide(actor, action, context, role) === 'allow';
  }

  /** The event, when the public may see it or the actor may read it; else 404. */
  async readable(executor: Executor, actor: Actor, eventId: string): Promise<EventRow> {
    const event = await eventRow(executor, eventId);
    if (isPubliclyVisible(event) || (await this.allows(actor, 'event.read', eventId))) return event;
    throw new AppError('NOT_FOUND', 404, 'No such event.');
  }
}
