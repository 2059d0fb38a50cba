import { identityModule } from '../../modules/identity/index.ts';
import { organizationsModule } from '../../modules/organizations/index.ts';
import { schedulingModule } from '../../modules/scheduling/index.ts';
import { defineModule } from '../../platform/module.ts';
import { registerColanderRoutes } from './colander-routes.ts';

/** The Colander protocol (anonymous and authenticated WebSockets): an adapter over identity, organizations and scheduling. */
export const colanderCompat = defineModule({
  name: 'compat-colander',
  needs: () => [identityModule, organizationsModule, schedulingModule],
  services: () => ({}),
  routes: (app, platform, services) =>
    registerColanderRoutes(app, {
      identity: services.identity,
      organizations: services.organizations,
      scheduling: services,
      logger: platform.logger,
    }),
});
