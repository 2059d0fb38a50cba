import { createHash, randomUUID } from 'node:crypto';
import { type Readable, Transform } from 'node:stream';
import { MEDIA_ROLES_BY_SUBJECT, type MediaItem, type MediaUsage } from '@foyer/contracts';
import { and, eq } from 'drizzle-orm';
import type { Logger } from 'pino';
import sharp from 'sharp';
import type { MediaSettings } from '../../platform/config/config.ts';
import type { Db } from '../../platform/db/database.ts';
import { AppError } from '../../platform/http/problem.ts';
import type { FileStorage } from '../../platform/storage/file-storage.ts';
import type { UrlSigner } from '../../platform/storage/url-signer.ts';
import { events, locations, people } from '../catalog/index.ts';
import { ALLOWED_TYPES, RESIZABLE } from './allowed-types.ts';
import { type MediaRow, toMediaItem } from './media-dto.ts';
import { mediaErrors } from './media-errors.ts';
import { MediaStore } from './media-store.ts';
import { type MediaKind, type MediaSubjectType, mediaAttachments, mediaItems } from './schema.ts';
import { sniff } from './sniff.ts';

export interface IngestMeta {
  originalName: string;
  uploadedBy: string | null;
  /** The size the client announced (Content-Length, Upload-Length), to refuse early. */
  declaredSize?: number | null;
  /** Kinds this upload may be (e.g. only images on the FestivalsApp image route). */
  allowedKinds?: MediaKind[];
  /** True when the upload was cut at its size limit (multipart). */
  truncated?: () => boolean;
  /** The largest size accepted, for the message when `truncated` says so. */
  limitBytes?: number;
  visibility?: 'public' | 'private';
}

/** What an ingest stored, before it is recorded. */
interface StoredUpload {
  key: string;
  size: number;
  sha256: string;
  mime: string;
  kind: MediaKind;
  width: number | null;
  height: number | null;
}

/** How long the serving routes may use a row without reading it again (see forServing). */
const SERVING_CACHE_MS = 1000;
const SERVING_CACHE_ITEMS = 10_000;

export const originalKey = (organizationId: string, id: string) => `media/${organizationId}/${id}`;
export const variantPrefix = (organizationId: string, id: string) => `variants/${organizationId}/${id}/`;

/**
 * The media library of each organization: uploads (sniffed, deduplicated by
 * sha256, within the quota), editing, where an item is used, deleting, and
 * signed URLs of private items.
 */
export class MediaService {
  readonly store: MediaStore;
  /** Rows read by the serving routes, for SERVING_CACHE_MS (see forServing). */
  private readonly served = new Map<string, { row: MediaRow; until: number }>();

  constructor(
    private readonly db: Db,
    private readonly storage: FileStorage,
    private readonly settings: MediaSettings,
    private readonly signer: UrlSigner,
    private readonly logger: Logger,
  ) {
    this.store = new MediaStore(db);
  }

  /** Bytes an organization keeps and may keep. */
  async quota(organizationId: string): Promise<{ usedBytes: number; quotaBytes: number }> {
    return { usedBytes: await this.store.usedBytes(organizationId), quotaBytes: this.settings.quotaBytes };
  }

  /** Refuses an upload the organization has no room for, before any byte is stored. */
  async assertRoomFor(organizationId: string, size: number): Promise<void> {
    const used = await this.store.usedBytes(organizationId);
    if (used + size > this.settings.quotaBytes) throw mediaErrors.quotaExceeded(this.settings.quotaBytes, used, size);
  }

  /**
   * Stores an upload as a new media item of the organization, or answers the
   * item it already has with the same content. The type is sniffed from the
   * bytes; a refused upload (type, size, quota) leaves nothing in storage.
   */
  async ingest(
    organizationId: string,
    source: Readable,
    meta: IngestMeta,
  ): Promise<{ row: MediaRow; deduplicated: boolean }> {
    if (meta.declaredSize) await this.assertRoomFor(organizationId, meta.declaredSize);
    const id = randomUUID();
    const stored = await this.storeUpload(source, originalKey(organizationId, id), meta);
    try {
      return await this.db
        .transaction(async (tx) => {
          await this.store.lockOrganization(tx, organizationId);
          const existing = await this.store.bySha(organizationId, stored.sha256, tx);
          if (existing) return { row: existing, deduplicated: true, dropStored: true };
          const used = await this.store.usedBytes(organizationId, tx);
          if (used + stored.size > this.settings.quotaBytes) {
            throw mediaErrors.quotaExceeded(this.settings.quotaBytes, used, stored.size);
          }
          const [row] = await tx
            .insert(mediaItems)
            .values({
              id,
              organizationId,
              kind: stored.kind,
              contentType: stored.mime,
              size: stored.size,
              sha256: stored.sha256,
              storageKey: stored.key,
              originalName: cleanName(meta.originalName),
              width: stored.width,
              height: stored.height,
              uploadedBy: meta.uploadedBy,
              visibility: meta.visibility ?? 'private',
            })
            .returning();
          return { row: row!, deduplicated: false, dropStored: false };
        })
        .then(async (result) => {
          if (result.dropStored) await this.storage.delete(stored.key);
          return { row: result.row, deduplicated: result.deduplicated };
        });
    } catch (err) {
      await this.storage.delete(stored.key);
      throw err;
    }
  }

  /**
   * Records a file already in storage (a finished resumable upload) as a
   * media item: reads it once to sniff and hash it; refused files are deleted.
   */
  async adopt(
    organizationId: string,
    key: string,
    meta: IngestMeta,
  ): Promise<{ row: MediaRow; deduplicated: boolean }> {
    const source = await this.storage.get(key);
    try {
      return await this.ingest(organizationId, source, meta);
    } finally {
      await this.storage.delete(key);
    }
  }

  /** Replaces an item's content (same id, new bytes); its variants are dropped. */
  async replaceContent(id: string, source: Readable, meta: IngestMeta): Promise<MediaRow> {
    this.served.delete(id);
    const current = await this.store.byId(id);
    if (!current) throw mediaErrors.notFound();
    const newKey = originalKey(current.organizationId, randomUUID());
    const stored = await this.storeUpload(source, newKey, meta);
    try {
      const row = await this.db.transaction(async (tx) => {
        await this.store.lockOrganization(tx, current.organizationId);
        const twin = await this.store.bySha(current.organizationId, stored.sha256, tx);
        if (twin && twin.id !== id) {
          throw new AppError('CONFLICT', 409, `The organization already has this file as media item ${twin.id}.`);
        }
        const used = await this.store.usedBytes(current.organizationId, tx);
        if (used - current.size + stored.size > this.settings.quotaBytes) {
          throw mediaErrors.quotaExceeded(this.settings.quotaBytes, used - current.size, stored.size);
        }
        const [updated] = await tx
          .update(mediaItems)
          .set({
            kind: stored.kind,
            contentType: stored.mime,
            size: stored.size,
            sha256: stored.sha256,
            storageKey: stored.key,
            width: stored.width,
            height: stored.height,
            originalName: cleanName(meta.originalName || current.originalName),
            updatedAt: new Date(),
          })
          .where(eq(mediaItems.id, id))
          .returning();
        return updated!;
      });
      this.served.delete(id);
      await this.storage.delete(current.storageKey);
      await this.storage.deletePrefix(variantPrefix(current.organizationId, id));
      return row;
    } catch (err) {
      await this.storage.delete(stored.key);
      throw err;
    }
  }

  private async storeUpload(source: Readable, key: string, meta: IngestMeta): Promise<StoredUpload> {
    const sniffed = await sniff(source);
    const kind = sniffed.mime ? ALLOWED_TYPES[sniffed.mime] : undefined;
    if (!kind || (meta.allowedKinds && !meta.allowedKinds.includes(kind))) {
      sniffed.stream.resume(); // drain the rest so the request completes
      throw mediaErrors.typeNotAllowed(sniffed.mime, sniffed.ext);
    }
    const hash = createHash('sha256');
    const hashing = new Transform({
      transform(chunk, _enc, done) {
        hash.update(chunk);
        done(null, chunk);
      },
    });
    sniffed.stream.on('error', (err) => hashing.destroy(err));
    sniffed.stream.pipe(hashing);
    let size: number;
    try {
      ({ size } = await this.storage.put(key, hashing, { contentType: sniffed.mime! }));
    } catch (err) {
      await this.storage.delete(key);
      if ((err as { code?: string }).code === 'FST_REQ_FILE_TOO_LARGE')
        throw mediaErrors.tooLarge(meta.limitBytes ?? 0);
      throw err;
    }
    if (meta.truncated?.()) {
      await this.storage.delete(key);
      throw mediaErrors.tooLarge(meta.limitBytes ?? 0);
    }
    let width: number | null = null;
    let height: number | null = null;
    if (RESIZABLE.has(sniffed.mime!)) {
      try {
        const info = await sharp(await readStored(this.storage, key), { failOn: 'none' }).metadata();
        const swap = (info.orientation ?? 1) >= 5;
        width = (swap ? info.height : info.width) ?? null;
        height = (swap ? info.width : info.height) ?? null;
      } catch (err) {
        await this.storage.delete(key);
        this.logger.info({ err }, 'uploaded image could not be read');
        throw new AppError('MEDIA_NOT_AN_IMAGE', 422, 'The image is damaged and cannot be read.');
      }
    }
    return { key, size, sha256: hash.digest('hex'), mime: sniffed.mime!, kind, width, height };
  }

  /**
   * The row for serving a file or variant, read from the database at most
   * once per SERVING_CACHE_MS per item and process: a popular image is asked
   * for thousands of times a second, and one query each would cost more than
   * sending the bytes. Changes made by this process are seen at once (every
   * write below forgets the row); another process's change within that
   * second — far less than the 60 s browsers may keep an unversioned public
   * answer anyway.
   */
  async forServing(id: string): Promise<MediaRow | null> {
    const now = Date.now();
    const hit = this.served.get(id);
    if (hit && hit.until > now) return hit.row;
    const row = await this.store.byId(id);
    this.served.delete(id);
    if (row) {
      this.served.set(id, { row, until: now + SERVING_CACHE_MS });
      if (this.served.size > SERVING_CACHE_ITEMS) this.served.delete(this.served.keys().next().value!);
    }
    return row;
  }

  async get(id: string): Promise<MediaRow> {
    const row = await this.store.byId(id);
    if (!row) throw mediaErrors.notFound();
    return row;
  }

  /** The organization of an item, for the access gate (null: no such item). */
  async organizationOf(id: string): Promise<string | null> {
    return (await this.store.byId(id))?.organizationId ?? null;
  }

  async list(organizationId: string, query: { kind?: MediaKind; q?: string; limit: number; cursor?: string }) {
    const before = query.cursor ? decodeCursor(query.cursor) : undefined;
    const rows = await this.store.list(organizationId, { ...query, limit: query.limit + 1, before });
    const page = rows.slice(0, query.limit);
    const last = page.at(-1);
    return {
      items: page.map((r) => toMediaItem(r)),
      nextCursor: rows.length > query.limit && last ? encodeCursor(last) : null,
    };
  }

  /** Edits alt text, focal point, name or visibility; a public image needs alt text. */
  async update(
    id: string,
    patch: {
      altText?: string;
      focalPoint?: { x: number; y: number };
      visibility?: 'public' | 'private';
      originalName?: string;
    },
  ): Promise<MediaItem> {
    const row = await this.get(id);
    const altText = patch.altText !== undefined ? patch.altText.trim() : row.altText;
    const visibility = patch.visibility ?? row.visibility;
    if (row.kind === 'image' && visibility === 'public' && !altText) {
      // Taking the alt text away from an image shown on public pages is refused too.
      if (patch.visibility === 'public' || (await this.store.usage(id)).length > 0 || patch.altText !== undefined) {
        throw mediaErrors.altTextRequired();
      }
    }
    if (visibility === 'private' && row.visibility === 'public' && (await this.store.usage(id)).length > 0) {
      throw mediaErrors.inUse(await this.store.usage(id));
    }
    const [updated] = await this.db
      .update(mediaItems)
      .set({
        altText,
        visibility,
        ...(patch.focalPoint ? { focalX: patch.focalPoint.x, focalY: patch.focalPoint.y } : {}),
        ...(patch.originalName ? { originalName: cleanName(patch.originalName) } : {}),
        updatedAt: new Date(),
      })
      .where(eq(mediaItems.id, id))
      .returning();
    this.served.delete(id);
    return toMediaItem(updated!);
  }

  async usage(id: string): Promise<MediaUsage[]> {
    await this.get(id);
    return (await this.store.usage(id)) as MediaUsage[];
  }

  /** Deletes an item and its files; refused (409, listing where) while it is used. */
  async delete(id: string): Promise<void> {
    const row = await this.get(id);
    const used = await this.store.usage(id);
    if (used.length > 0) throw mediaErrors.inUse(used);
    try {
      await this.db.delete(mediaItems).where(eq(mediaItems.id, id));
      this.served.delete(id);
    } catch (err) {
      // Attached between the check and the delete: the foreign key refuses it.
      if (
        String((err as { code?: string; cause?: { code?: string } }).cause?.code ?? (err as { code?: string }).code) ===
        '23503'
      ) {
        throw mediaErrors.inUse(await this.store.usage(id));
      }
      throw err;
    }
    await this.storage.delete(row.storageKey);
    await this.storage.deletePrefix(variantPrefix(row.organizationId, id));
  }

  /** The organization a subject (event, person, location) belongs to, or null when there is none. */
  async subjectOrganization(subjectType: MediaSubjectType, subjectId: string): Promise<string | null> {
    const table = { event: events, person: people, location: locations }[subjectType];
    const [row] = await this.db
      .select({ organizationId: table.organizationId })
      .from(table)
      .where(eq(table.id, subjectId));
    return row?.organizationId ?? null;
  }

  /** The event an event or person belongs to, for the access gate (null: no such subject). */
  async subjectEvent(subjectType: MediaSubjectType, subjectId: string): Promise<string | null> {
    if (subjectType === 'event') {
      const [row] = await this.db.select({ id: events.id }).from(events).where(eq(events.id, subjectId));
      return row?.id ?? null;
    }
    const [row] = await this.db.select({ eventId: people.eventId }).from(people).where(eq(people.id, subjectId));
    return row?.eventId ?? null;
  }

  /**
   * Shows an image on a subject's public pages (an event's cover or logo, a
   * person's photo, a location's picture), replacing what had that role. The
   * image must be the subject organization's, and described (alt text); it
   * becomes public.
   */
  async attach(subjectType: MediaSubjectType, subjectId: string, role: string, mediaId: string): Promise<MediaItem> {
    if (!MEDIA_ROLES_BY_SUBJECT[subjectType].includes(role as never)) {
      throw new AppError(
        'VALIDATION_FAILED',
        422,
        `A ${subjectType} has no ${role}; it has ${MEDIA_ROLES_BY_SUBJECT[subjectType].join(', ')}.`,
      );
    }
    const organizationId = await this.subjectOrganization(subjectType, subjectId);
    const row = await this.store.byId(mediaId);
    if (!organizationId || !row || row.organizationId !== organizationId) throw mediaErrors.notFound();
    if (row.kind !== 'image') throw mediaErrors.notAnImage();
    if (!row.altText) throw mediaErrors.altTextRequired();
    const item = await this.db.transaction(async (tx) => {
      await tx
        .delete(mediaAttachments)
        .where(
          and(
            eq(mediaAttachments.subjectType, subjectType),
            eq(mediaAttachments.subjectId, subjectId),
            eq(mediaAttachments.role, role),
          ),
        );
      await tx.insert(mediaAttachments).values({ organizationId, mediaId, subjectType, subjectId, role });
      const [updated] = await tx
        .update(mediaItems)
        .set({ visibility: 'public', updatedAt: new Date() })
        .where(eq(mediaItems.id, mediaId))
        .returning();
      return toMediaItem(updated!);
    });
    // After the commit, so no request in between caches the row as it was.
    this.served.delete(mediaId);
    return item;
  }

  async detach(subjectType: MediaSubjectType, subjectId: string, role: string): Promise<void> {
    await this.db
      .delete(mediaAttachments)
      .where(
        and(
          eq(mediaAttachments.subjectType, subjectType),
          eq(mediaAttachments.subjectId, subjectId),
          eq(mediaAttachments.role, role),
        ),
      );
  }

  /** The media shown on a subject, by role. */
  async attachmentsOf(subjectType: MediaSubjectType, subjectId: string) {
    const rows = await this.store.attachmentsOf(subjectType, subjectId);
    return rows.map((r) => ({
      subjectType,
      subjectId,
      role: r.role as MediaUsage['role'],
      media: toMediaItem(r.media),
    }));
  }

  /** A link to a private (or public) item's file that works for `seconds`, and only for this file. */
  signedUrl(row: MediaRow, seconds: number): { url: string; expiresAt: string } {
    const expiresAt = Math.floor(Date.now() / 1000) + seconds;
    const { expires, signature } = this.signer.sign(signedSubject(row), expiresAt);
    return {
      url: `/api/v1/media/${row.id}/file?expires=${expires}&signature=${signature}`,
      expiresAt: new Date(expiresAt * 1000).toISOString(),
    };
  }

  verifySignature(row: MediaRow, expires: unknown, signature: unknown): 'ok' | 'expired' | 'invalid' {
    return this.signer.verify(signedSubject(row), expires, signature);
  }
}

/** A signature covers the item and its content: a replaced file needs a new link. */
const signedSubject = (row: MediaRow) => `media:${row.id}:${row.sha256}`;

function cleanName(name: string): string {
  const last = name.split(/[\\/]/).pop() ?? '';
  // Control characters (code points below 32, and 127) are dropped.
  const base = [...last]
    .filter((c) => c.charCodeAt(0) >= 32 && c.charCodeAt(0) !== 127)
    .join('')
    .trim();
  return (base || 'file').slice(0, 255);
}

async function readStored(storage: FileStorage, key: string): Promise<Buffer> {
  const chunks: Buffer[] = [];
  for await (const c of await storage.get(key)) chunks.push(c as Buffer);
  return Buffer.concat(chunks);
}

function encodeCursor(row: MediaRow): string {
  return Buffer.from(`${row.createdAt.toISOString()}|${row.id}`).toString('base64url');
}

function decodeCursor(cursor: string): { createdAt: Date; id: string } | undefined {
  const [at, id] = Buffer.from(cursor, 'base64url').toString().split('|');
  const createdAt = new Date(at ?? '');
  if (!id || Number.isNaN(createdAt.getTime()))
    throw new AppError('VALIDATION_FAILED', 422, 'The cursor is not valid.');
  return { createdAt, id };
}
