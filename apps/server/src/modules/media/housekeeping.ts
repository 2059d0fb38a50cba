import { sql } from 'drizzle-orm';
import type { Logger } from 'pino';
import type { Db } from '../../platform/db/database.ts';
import type { FileStorage } from '../../platform/storage/file-storage.ts';
import { events, locations, people } from '../catalog/index.ts';
import { versionOf } from './media-dto.ts';
import { mediaAttachments, mediaItems } from './schema.ts';

export const MEDIA_CLEAN_UP_QUEUE = 'media.clean-up';

/** Files younger than this are left alone: an upload may be between storing and recording. */
const GRACE_MS = 60 * 60 * 1000;
/** Unfinished resumable uploads are kept this long for their client to resume. */
const RESUMABLE_MAX_AGE_MS = 24 * 60 * 60 * 1000;

/**
 * The daily clean-up: attachments whose event, person or location is gone;
 * originals no media item points at (a crash between storing and recording);
 * variants of deleted items or of replaced content; abandoned resumable uploads.
 */
export class MediaHousekeeping {
  constructor(
    private readonly db: Db,
    private readonly storage: FileStorage,
    private readonly logger: Logger,
  ) {}

  async run(now = new Date()) {
    const attachments = await this.db.execute(sql`
      delete from ${mediaAttachments} a
      where (a.subject_type = 'event' and not exists (select 1 from ${events} e where e.id = a.subject_id))
         or (a.subject_type = 'person' and not exists (select 1 from ${people} p where p.id = a.subject_id))
         or (a.subject_type = 'location' and not exists (select 1 from ${locations} l where l.id = a.subject_id))`);
    const rows = await this.db
      .select({ id: mediaItems.id, storageKey: mediaItems.storageKey, sha256: mediaItems.sha256 })
      .from(mediaItems);
    const keys = new Set(rows.map((r) => r.storageKey));
    const versions = new Map(rows.map((r) => [r.id, versionOf(r)]));
    const old = (lastModified: Date) => now.getTime() - lastModified.getTime() > GRACE_MS;

    let originals = 0;
    for await (const o of this.storage.list('media/')) {
      if (!keys.has(o.key) && old(o.lastModified)) {
        await this.storage.delete(o.key);
        originals++;
      }
    }
    let variants = 0;
    for await (const o of this.storage.list('variants/')) {
      // variants/{org}/{mediaId}/{version}/{name}
      const [, , mediaId, version] = o.key.split('/');
      if (versions.get(mediaId ?? '') !== version && old(o.lastModified)) {
        await this.storage.delete(o.key);
        variants++;
      }
    }
    let resumable = 0;
    for await (const o of this.storage.list('tus/')) {
      if (now.getTime() - o.lastModified.getTime() > RESUMABLE_MAX_AGE_MS) {
        await this.storage.delete(o.key);
        resumable++;
      }
    }
    const result = {
      attachments:
        (attachments as { rowCount?: number; affectedRows?: number }).rowCount ??
        (attachments as { affectedRows?: number }).affectedRows ??
        0,
      originals,
      variants,
      resumable,
    };
    this.logger.info({ result }, 'media clean-up done');
    return result;
  }
}
