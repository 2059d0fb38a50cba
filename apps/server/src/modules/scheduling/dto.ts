import type { Booking, Project, Resource, ResourceLayout } from '@foyer/contracts';
import type { bookings, projects, resourceLayouts, resources } from './schema.ts';

export type ResourceRow = typeof resources.$inferSelect;
export type ProjectRow = typeof projects.$inferSelect;
export type LayoutRow = typeof resourceLayouts.$inferSelect;
export type BookingRow = typeof bookings.$inferSelect;

export function resourceDto(r: ResourceRow): Resource {
  return {
    id: r.id,
    organizationId: r.organizationId,
    name: r.name,
    kind: r.kind,
    capacity: r.capacity,
    colour: r.colour,
    locationId: r.locationId,
    active: r.active,
    version: r.version,
    createdAt: r.createdAt.toISOString(),
    updatedAt: r.updatedAt.toISOString(),
  };
}

export function projectDto(p: ProjectRow): Project {
  return {
    id: p.id,
    organizationId: p.organizationId,
    name: p.name,
    colour: p.colour,
    version: p.version,
    createdAt: p.createdAt.toISOString(),
    updatedAt: p.updatedAt.toISOString(),
  };
}

export function layoutDto(l: LayoutRow, resourceIds: string[]): ResourceLayout {
  return {
    id: l.id,
    organizationId: l.organizationId,
    name: l.name,
    resourceIds,
    version: l.version,
    createdAt: l.createdAt.toISOString(),
    updatedAt: l.updatedAt.toISOString(),
  };
}

export function bookingDto(b: BookingRow): Booking {
  return {
    id: b.id,
    organizationId: b.organizationId,
    resourceId: b.resourceId,
    projectId: b.projectId,
    startsAt: b.startsAt.toISOString(),
    endsAt: b.endsAt.toISOString(),
    label: b.label,
    colour: b.colour,
    tentative: b.tentative,
    notes: b.notes,
    source: b.sourceType && b.sourceId ? { type: b.sourceType, id: b.sourceId } : null,
    createdBy: b.createdBy,
    version: b.version,
    createdAt: b.createdAt.toISOString(),
    updatedAt: b.updatedAt.toISOString(),
  };
}
