import type { Availability } from '@foyer/contracts';
import { availabilityOf } from './availability.ts';
import type { BookingsService } from './bookings-service.ts';
import type { LayoutsService } from './layouts-service.ts';
import type { ResourcesService } from './resources-service.ts';
import { renderBookingsCalendar } from './scheduling-calendar.ts';
import { invalidField, notFound } from './scheduling-errors.ts';

/** Longest window a query may span: a year (a calendar view never needs more). */
const MAX_WINDOW_MS = 366 * 24 * 3600 * 1000;
const MAX_RESOURCES = 50;

/** Reads over bookings: free intervals and iCalendar feeds. */
export class SchedulingQueries {
  constructor(
    private readonly resources: ResourcesService,
    private readonly layouts: LayoutsService,
    private readonly bookings: BookingsService,
  ) {}

  /** Free intervals of each resource in `[from, to)`; tentative bookings do not block, and are listed. */
  async availability(organizationId: string, resourceIds: string[], from: Date, to: Date): Promise<Availability> {
    assertWindow(from, to);
    const ids = [...new Set(resourceIds)];
    if (ids.length === 0 || ids.length > MAX_RESOURCES)
      throw invalidField('resourceIds', `must name 1–${MAX_RESOURCES} resources`, 'too_many');
    for (const id of ids) if (!(await this.resources.find(organizationId, id))) throw notFound('resource');
    const bookings = await this.bookings.list(organizationId, { from, to, resourceIds: ids });
    return availabilityOf(ids, from, to, bookings);
  }

  /** The resource's bookings from 30 days ago to a year ahead, as iCalendar. */
  async resourceCalendar(resourceId: string, now = new Date()): Promise<string> {
    const resource = await this.resources.get(resourceId);
    const { from, to } = feedWindow(now);
    const list = await this.bookings.list(resource.organizationId, { from, to, resourceIds: [resource.id] });
    return renderBookingsCalendar(resource.name || 'Resource', list, new Map([[resource.id, resource.name]]));
  }

  /** The bookings of every resource of the layout, as one iCalendar feed. */
  async layoutCalendar(layoutId: string, now = new Date()): Promise<string> {
    const layout = await this.layouts.get(layoutId);
    const { from, to } = feedWindow(now);
    const all = await this.resources.list(layout.organizationId);
    const names = new Map(all.filter((r) => layout.resourceIds.includes(r.id)).map((r) => [r.id, r.name]));
    const list = await this.bookings.list(layout.organizationId, { from, to, resourceIds: layout.resourceIds });
    return renderBookingsCalendar(layout.name, list, names);
  }
}

/** A 422 unless `[from, to)` is a non-empty window of at most a year. */
export function assertWindow(from: Date, to: Date): void {
  if (to.getTime() <= from.getTime()) throw invalidField('to', 'must be after from', 'end_before_start');
  if (to.getTime() - from.getTime() > MAX_WINDOW_MS)
    throw invalidField('to', 'must be at most a year after from', 'window_too_long');
}

function feedWindow(now: Date): { from: Date; to: Date } {
  return { from: new Date(now.getTime() - 30 * 86_400_000), to: new Date(now.getTime() + 365 * 86_400_000) };
}
