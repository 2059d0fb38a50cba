import type { Booking } from '@foyer/contracts';
import type { DomainEvent } from '../../platform/events/domain-events.ts';
import type { PubSub } from '../../platform/pubsub/pubsub.ts';
import type { SchedulingChange } from './scheduling-changes.ts';

/** How long a live subscription lasts unless renewed (as the original Colander did). */
export const SUBSCRIPTION_TTL_MS = 2 * 3600 * 1000;

const channelOf = (organizationId: string) => `scheduling.changes.${organizationId}`;

/**
 * Every committed scheduling change of an organization, to whoever listens
 * in any process: the dispatcher hands each domain event (in order) to
 * `publish`, which puts it on the platform's pub/sub (Redis across
 * processes); live calendars `subscribe` per organization.
 */
export class LiveChanges {
  constructor(private readonly pubsub: PubSub) {}

  /** In-process subscriber of the scheduling domain events. */
  async publish(event: DomainEvent): Promise<void> {
    const change = event.payload as unknown as SchedulingChange;
    if (!change.organizationId || !change.item) return;
    await this.pubsub.publish(channelOf(change.organizationId), { ...change, sequence: event.sequence });
  }

  /** Calls `handler` with every change of the organization from now on; answers the function that stops it. */
  subscribe(
    organizationId: string,
    handler: (change: SchedulingChange & { sequence: number }) => void,
  ): Promise<() => Promise<void>> {
    return this.pubsub.subscribe(channelOf(organizationId), (message) =>
      handler(message as SchedulingChange & { sequence: number }),
    );
  }
}

/** A live window on some resources: `[from, to]`, both ends included (a calendar's visible range). */
export interface BookingWindow {
  resourceIds: ReadonlySet<string>;
  from: Date;
  to: Date;
}

/**
 * Whether a booking shows in a window: on one of its resources and
 * overlapping it, compared as instants (never as strings). The booking
 * holds `[startsAt, endsAt)`; the window includes both its ends.
 */
export function bookingInWindow(
  booking: Pick<Booking, 'resourceId' | 'startsAt' | 'endsAt'>,
  window: BookingWindow,
): boolean {
  if (!window.resourceIds.has(booking.resourceId)) return false;
  const startsAt = Date.parse(booking.startsAt);
  const endsAt = Date.parse(booking.endsAt);
  return startsAt <= window.to.getTime() && endsAt > window.from.getTime();
}

/**
 * Whether a change concerns a window: the booking's new state or the one
 * it left (a move away, a delete) lies in it.
 */
export function changeConcernsWindow(change: SchedulingChange<'booking'>, window: BookingWindow): boolean {
  return bookingInWindow(change.item, window) || (change.previous !== null && bookingInWindow(change.previous, window));
}
