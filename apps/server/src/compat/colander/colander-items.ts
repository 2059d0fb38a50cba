import type { Booking, Project, Resource, ResourceLayout } from '@foyer/contracts';
import { z } from 'zod';

/**
 * The Colander client's items and how they map onto Foyer's. Bookings are
 * whole days in the booker's time zone with an inclusive end
 * (`end_date` = local midnight of the last day); Foyer holds the half-open
 * `[start_date, end_date + 24 h)`. That round-trips exactly; it is a day
 * off only for a booking that spans a DST change (the zone is never sent).
 */
export const DAY_MS = 86_400_000;

const Iso = z.string().refine((s) => !Number.isNaN(Date.parse(s)), 'must be an ISO 8601 date');

export const ColanderEvent = z.object({
  id: z.uuid(),
  resource_id: z.uuid(),
  project_id: z.uuid().nullish(),
  start_date: Iso,
  end_date: Iso,
  label: z.string().max(500),
  color: z.string(),
  tentative: z.boolean(),
  updated_at: Iso.optional(),
});
export type ColanderEvent = z.infer<typeof ColanderEvent>;

export const ColanderNamed = z.object({
  id: z.uuid(),
  name: z.string().max(200),
  organization_id: z.string().min(1),
  updated_at: Iso.optional(),
});
export const ColanderOrganization = z.object({ id: z.string().min(1), name: z.string().trim().min(1).max(200) });

export const SubscribeToOrganization = z.object({ organization_id: z.string().min(1) });
export const SubscribeToEventRange = z.object({
  resource_ids: z.array(z.string()).max(200),
  start_date: Iso,
  end_date: Iso,
});
export const UnsubscribeFromEventRange = z.object({ resource_ids: z.array(z.string()).max(200) });

export type EventItem = {
  __type: 'event';
  id: string;
  resource_id: string;
  project_id?: string;
  start_date: string;
  end_date: string;
  label: string;
  color: string;
  tentative: boolean;
  updated_at: string;
  deleted?: true;
};

/** A booking as the client draws it. Optional fields are left out, never `null` (the client drops such items). */
export function eventItem(b: Booking): EventItem {
  const start = Date.parse(b.startsAt);
  // A booking made through Foyer may be shorter than a day: its last day is the one it starts on.
  const lastDay = Math.max(start, Date.parse(b.endsAt) - DAY_MS);
  return {
    __type: 'event',
    id: b.id,
    resource_id: b.resourceId,
    ...(b.projectId ? { project_id: b.projectId } : {}),
    start_date: new Date(start).toISOString(),
    end_date: new Date(lastDay).toISOString(),
    label: b.label,
    color: b.colour,
    tentative: b.tentative,
    updated_at: b.updatedAt,
  };
}

/** The instants Foyer stores for a client booking: `[start_date, end_date + 1 day)`. */
export function bookingTimes(e: Pick<ColanderEvent, 'start_date' | 'end_date'>): { startsAt: Date; endsAt: Date } {
  return { startsAt: new Date(e.start_date), endsAt: new Date(Date.parse(e.end_date) + DAY_MS) };
}

export function resourceItem(r: Resource, organizationAlias: string) {
  return {
    __type: 'resource' as const,
    id: r.id,
    name: r.name,
    organization_id: organizationAlias,
    updated_at: r.updatedAt,
  };
}

export function projectItem(p: Project, organizationAlias: string) {
  return {
    __type: 'project' as const,
    id: p.id,
    name: p.name,
    organization_id: organizationAlias,
    updated_at: p.updatedAt,
  };
}

export function layoutItem(l: ResourceLayout, organizationAlias: string) {
  return {
    __type: 'resourceLayout' as const,
    id: l.id,
    name: l.name,
    organization_id: organizationAlias,
    resource_ids: l.resourceIds,
    updated_at: l.updatedAt,
  };
}

/** An element the unmodified client ignores (unknown `__type`), telling other clients why a frame was refused. */
export function errorItem(code: string, message: string, id?: string) {
  return { __type: 'error' as const, code, message, ...(id ? { id } : {}) };
}

/** `#rgb` / `#rrggbb`: what the client's colour library parses and Foyer stores. */
export const isHexColour = (c: string) => /^#([0-9a-fA-F]{3}|[0-9a-fA-F]{6})$/.test(c);
