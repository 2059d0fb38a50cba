import { defineModule } from '../../platform/module.ts';
import { auditModule } from '../audit/index.ts';
import { catalogModule } from '../catalog/index.ts';
import { registerBookingRoutes } from './bookings-routes.ts';
import { registerResourceRoutes } from './resources-routes.ts';
import { buildSchedulingServices } from './scheduling-services.ts';

/** Resource scheduling: resources, layouts, projects, bookings without double booking, availability and feeds. */
export const schedulingModule = defineModule({
  name: 'scheduling',
  needs: () => [auditModule, catalogModule],
  services: buildSchedulingServices,
  configure(platform, { liveChanges }) {
    // Committed changes go out on pub/sub, in order, for live calendars in every process.
    for (const type of ['booking.*', 'resource.*', 'resource_layout.*', 'project.*']) {
      platform.bus.subscribe(type, 'scheduling.live-changes', (event) => liveChanges.publish(event));
    }
  },
  routes(app, _platform, services) {
    registerResourceRoutes(app, services);
    registerBookingRoutes(app, services);
  },
});
