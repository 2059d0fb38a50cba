import type { Platform } from '../../platform/platform.ts';
import { MediaHousekeeping } from './housekeeping.ts';
import { ImageVariants } from './image-variants.ts';
import { MediaService } from './media-service.ts';

/** The media module's services, built once per platform. */
export interface MediaModuleServices {
  media: MediaService;
  variants: ImageVariants;
  housekeeping: MediaHousekeeping;
}

const built = new WeakMap<Platform, MediaModuleServices>();

/** The media services of a started platform (built on first use). */
export function mediaServicesOf(platform: Platform): MediaModuleServices {
  let services = built.get(platform);
  if (!services) {
    const media = new MediaService(
      platform.database.db,
      platform.storage,
      platform.config.media,
      platform.urlSigner,
      platform.logger,
    );
    services = {
      media,
      variants: new ImageVariants(platform.storage, platform.metrics, platform.config.media),
      housekeeping: new MediaHousekeeping(platform.database.db, platform.storage, platform.logger),
    };
    built.set(platform, services);
  }
  return services;
}
