import { defineModule } from '../../platform/module.ts';
import { MEDIA_CLEAN_UP_QUEUE } from './housekeeping.ts';
import { registerMediaFileRoutes } from './media-file-routes.ts';
import { registerMediaRoutes } from './media-routes.ts';
import { mediaServices } from './module-services.ts';
import { registerResumableUploads } from './resumable-uploads.ts';

/** Media: the organization's files (uploads, resumable uploads, image variants, serving) and where they are used. */
export const mediaModule = defineModule({
  name: 'media',
  // Media reads the catalogue's tables (what an item is attached to) but uses no module's services.
  needs: () => [],
  services: mediaServices,
  configure(platform, { housekeeping }) {
    platform.jobs.define({ name: MEDIA_CLEAN_UP_QUEUE, retryLimit: 3, concurrency: 1, pollingIntervalSeconds: 30 });
    platform.jobs.handle(MEDIA_CLEAN_UP_QUEUE, async () => {
      await housekeeping.run(new Date());
    });
    platform.jobs.schedule(MEDIA_CLEAN_UP_QUEUE, '53 3 * * *');
  },
  async routes(app, platform, services) {
    await registerMediaRoutes(app, platform, services);
    registerMediaFileRoutes(app, platform, services);
    await registerResumableUploads(app, platform, services);
  },
});
