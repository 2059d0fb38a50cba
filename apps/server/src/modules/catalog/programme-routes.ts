import type { FastifyInstance } from 'fastify';
import type { Platform } from '../../platform/platform.ts';
import { registerLinksRoutes } from './links-routes.ts';
import { registerLocationsRoutes } from './locations-routes.ts';
import { registerPeopleRoutes } from './people-routes.ts';
import { registerSessionsRoutes } from './sessions-routes.ts';
import { registerTagsRoutes } from './tags-routes.ts';

/**
 * Organiser API of an event's programme — sessions, people — and of the
 * organization's locations and tags, plus links. Thin routes; the access
 * gate finds the event of a session or person, and the organization of a
 * location or tag, through the services.
 */
export function registerProgrammeRoutes(app: FastifyInstance, platform: Platform): void {
  registerSessionsRoutes(app, platform);
  registerPeopleRoutes(app, platform);
  registerLocationsRoutes(app, platform);
  registerTagsRoutes(app, platform);
  registerLinksRoutes(app, platform);
}
