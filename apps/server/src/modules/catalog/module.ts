import { defineModule } from '../../platform/module.ts';
import type { Platform } from '../../platform/platform.ts';
import { type AuditServices, auditModule } from '../audit/index.ts';
import { type IdentityServices, identityModule } from '../identity/index.ts';
import { type OrganizationsServices, organizationsModule } from '../organizations/index.ts';
import { EventDuplicationService } from './event-duplication.ts';
import { registerEventFileRoutes } from './event-file/event-file-routes.ts';
import { EventFileService } from './event-file/event-file-service.ts';
import { EventOrganizersService } from './event-organizers-service.ts';
import { eventPageMetadata } from './event-page-metadata.ts';
import { rewriteEventSlugPath } from './event-path.ts';
import { registerEventRoutes } from './events-routes.ts';
import { EventsService } from './events-service.ts';
import { LinksService } from './links-service.ts';
import { LocationsService } from './locations-service.ts';
import { PeopleService } from './people-service.ts';
import { registerProgrammeRoutes } from './programme-routes.ts';
import { registerPublicCatalogRoutes } from './public-catalog-routes.ts';
import { PublicCatalogService } from './public-catalog-service.ts';
import { SessionsService } from './sessions-service.ts';
import { TagsService } from './tags-service.ts';

function catalogServices(
  platform: Platform,
  { audit, users }: AuditServices & IdentityServices & OrganizationsServices,
) {
  const { db } = platform.database;
  const events = new EventsService(db, audit);
  const links = new LinksService(db, audit);
  const locations = new LocationsService(db, audit, links);
  const tags = new TagsService(db, audit);
  const people = new PeopleService(db, audit, links);
  return {
    events,
    eventDuplication: new EventDuplicationService(db, audit),
    /** Event as code: export, apply and destroy event files. */
    eventFiles: new EventFileService(db, audit, events),
    eventOrganizers: new EventOrganizersService(db, users, audit),
    links,
    locations,
    tags,
    people,
    sessions: new SessionsService(db, audit, { locations, people, tags }),
    publicCatalog: new PublicCatalogService(db, links),
  };
}

export type CatalogServices = ReturnType<typeof catalogServices>;

/** The event catalogue: events with their status machine and organizers, their programme, the public read API. */
export const catalogModule = defineModule({
  name: 'catalog',
  needs: () => [auditModule, identityModule, organizationsModule],
  services: catalogServices,
  configure(platform, { events }) {
    platform.access.use({ eventContext: (eventId, userId) => events.accessContext(eventId, userId) });
  },
  async routes(app, platform, services) {
    registerEventRoutes(app, services);
    registerProgrammeRoutes(app, services);
    await registerEventFileRoutes(app, platform, services);
    await registerPublicCatalogRoutes(app, platform, services);
  },
  rewriteUrl: rewriteEventSlugPath,
  pageMetadata: (platform) => eventPageMetadata(platform),
});
