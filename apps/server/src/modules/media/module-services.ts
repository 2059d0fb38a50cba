import type { Platform } from '../../platform/platform.ts';
import { MediaHousekeeping } from './housekeeping.ts';
import { ImageVariants } from './image-variants.ts';
import { MediaService } from './media-service.ts';

/** Builds the media module's services on a started platform. */
export function mediaServices(platform: Platform) {
  return {
    media: new MediaService(
      platform.database.db,
      platform.storage,
      platform.config.media,
      platform.urlSigner,
      platform.logger,
    ),
    variants: new ImageVariants(platform.storage, platform.metrics, platform.config.media),
    housekeeping: new MediaHousekeeping(platform.database.db, platform.storage, platform.logger),
  };
}

/** The media module's services. */
export type MediaModuleServices = ReturnType<typeof mediaServices>;
