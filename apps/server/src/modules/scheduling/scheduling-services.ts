import type { Platform } from '../../platform/platform.ts';
import type { AuditServices } from '../audit/index.ts';
import type { CatalogServices } from '../catalog/index.ts';
import { BookingsService } from './bookings-service.ts';
import { LayoutsService } from './layouts-service.ts';
import { LiveChanges } from './live-changes.ts';
import { ProjectsService } from './projects-service.ts';
import { ResourcesService } from './resources-service.ts';
import { SchedulingQueries } from './scheduling-queries.ts';

/** Builds the scheduling module's services. */
export function buildSchedulingServices(platform: Platform, { audit, locations }: AuditServices & CatalogServices) {
  const { db } = platform.database;
  const { pubsub } = platform;
  const resources = new ResourcesService(db, audit, locations);
  const resourceLayouts = new LayoutsService(db, audit);
  const bookings = new BookingsService(db, audit);
  return {
    resources,
    resourceLayouts,
    projects: new ProjectsService(db, audit),
    bookings,
    /** Free intervals and iCalendar feeds of resources and layouts. */
    schedulingQueries: new SchedulingQueries(resources, resourceLayouts, bookings),
    /** Committed changes of an organization, live, in every process. */
    liveChanges: new LiveChanges(pubsub),
  };
}

export type SchedulingServices = ReturnType<typeof buildSchedulingServices>;
