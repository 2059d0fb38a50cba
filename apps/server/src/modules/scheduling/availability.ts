import type { Availability, Booking } from '@foyer/contracts';

export interface Interval {
  startsAt: Date;
  endsAt: Date;
}

/**
 * The free intervals of `[from, to)` left between `busy` intervals (which
 * may overlap one another and stick out of the window), in order. Pure.
 */
export function freeIntervals(from: Date, to: Date, busy: Interval[]): Interval[] {
  const sorted = busy
    .filter((b) => b.endsAt > from && b.startsAt < to)
    .sort((a, b) => a.startsAt.getTime() - b.startsAt.getTime());
  const free: Interval[] = [];
  let cursor = from;
  for (const b of sorted) {
    if (b.startsAt > cursor) free.push({ startsAt: cursor, endsAt: b.startsAt });
    if (b.endsAt > cursor) cursor = b.endsAt;
    if (cursor >= to) break;
  }
  if (cursor < to) free.push({ startsAt: cursor, endsAt: to });
  return free;
}

/** Availability of each resource in `[from, to)` from its live bookings. */
export function availabilityOf(resourceIds: string[], from: Date, to: Date, bookings: Booking[]): Availability {
  const iso = (i: Interval) => ({ startsAt: i.startsAt.toISOString(), endsAt: i.endsAt.toISOString() });
  const interval = (b: Booking): Interval => ({ startsAt: new Date(b.startsAt), endsAt: new Date(b.endsAt) });
  return {
    from: from.toISOString(),
    to: to.toISOString(),
    resources: resourceIds.map((resourceId) => {
      const mine = bookings.filter((b) => b.resourceId === resourceId);
      return {
        resourceId,
        free: freeIntervals(from, to, mine.filter((b) => !b.tentative).map(interval)).map(iso),
        tentative: mine
          .filter((b) => b.tentative)
          .map(interval)
          .map(iso),
      };
    }),
  };
}
