import type { FastifyInstance } from 'fastify';
import { registerLinksRoutes } from './links-routes.ts';
import { registerLocationsRoutes } from './locations-routes.ts';
import type { CatalogServices } from './module.ts';
import { registerPeopleRoutes } from './people-routes.ts';
import { registerSessionsRoutes } from './sessions-routes.ts';
import { registerTagsRoutes } from './tags-routes.ts';

/**
 * Organiser API of an event's programme — sessions, people — and of the
 * organization's locations and tags, plus links. Thin routes; the access
 * gate finds the event of a session or person, and the organization of a
 * location or tag, through the services.
 */
export function registerProgrammeRoutes(app: FastifyInstance, s: CatalogServices): void {
  registerSessionsRoutes(app, s);
  registerPeopleRoutes(app, s);
  registerLocationsRoutes(app, s);
  registerTagsRoutes(app, s);
  registerLinksRoutes(app, s);
}
