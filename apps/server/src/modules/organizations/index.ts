// The organizations module's public surface: what other modules may import.
export { type OrganizationsServices, organizationsModule } from './module.ts';
export type { OrganizationsService } from './organizations-service.ts';
/** Read model: organizations and their members, for joins (names, slugs, who to notify). */
export { memberships, organizations } from './schema.ts';
