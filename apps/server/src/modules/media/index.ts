// The media module's public surface: other modules and adapters import only this.

export type { MediaRow } from './media-dto.ts';
export { toMediaItem, versionOf } from './media-dto.ts';
export { mediaErrors } from './media-errors.ts';
export { createVariantSender } from './media-file-routes.ts';
export type { IngestMeta, MediaService } from './media-service.ts';
export { mediaModule } from './module.ts';
export type { MediaModuleServices } from './module-services.ts';
/** Read model: media items and where they are attached. */
export { mediaAttachments, mediaItems } from './schema.ts';
export type { ImageFormat } from './variant-spec.ts';
export { snapDown } from './variant-spec.ts';
