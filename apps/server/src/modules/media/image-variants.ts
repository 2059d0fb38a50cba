import client from 'prom-client';
import sharp from 'sharp';
import type { Metrics } from '../../platform/observability/metrics.ts';
import type { FileStorage } from '../../platform/storage/file-storage.ts';
import { RESIZABLE } from './allowed-types.ts';
import { type MediaRow, versionOf } from './media-dto.ts';
import { mediaErrors } from './media-errors.ts';
import { variantPrefix } from './media-service.ts';
import { PoolFullError, ResizePool } from './resize-pool.ts';
import { type VariantSpec, variantName } from './variant-spec.ts';

/** Variants up to this size are also kept in memory (most thumbnails and page images are). */
const MEMORY_ITEM_LIMIT = 1024 * 1024;
const MEMORY_TOTAL_LIMIT = 64 * 1024 * 1024;

export interface Variant {
  key: string;
  size: number;
  /** The bytes, when kept in memory. */
  bytes: Buffer | null;
}

/**
 * Makes image variants with sharp — upright (EXIF orientation applied),
 * without metadata (EXIF, GPS), resized into the box or cropped around the
 * focal point — once each: a variant is stored beside the original and
 * served from there afterwards. Work runs in a bounded pool.
 */
export class ImageVariants {
  /** Variants made by this process (the tests and the benchmark read it). */
  resizes = 0;
  private readonly resizeCounter: client.Counter;
  private readonly pool: ResizePool;
  private readonly inFlight = new Map<string, Promise<Variant>>();
  private readonly memory = new Map<string, Buffer>();
  private memoryBytes = 0;
  /** Keys known to be in storage, with their sizes (saves a stat per request). */
  private readonly known = new Map<string, number>();

  constructor(
    private readonly storage: FileStorage,
    metrics: Metrics,
    settings: { resizeConcurrency: number; resizeQueue: number },
  ) {
    this.pool = new ResizePool(settings.resizeConcurrency, settings.resizeQueue);
    const name = 'foyer_media_image_resizes_total';
    this.resizeCounter =
      (metrics.registry.getSingleMetric(name) as client.Counter | undefined) ??
      new client.Counter({ name, help: 'Image variants made (cache misses)', registers: [metrics.registry] });
  }

  keyOf(row: MediaRow, spec: VariantSpec): string {
    return `${variantPrefix(row.organizationId, row.id)}${versionOf(row)}/${variantName(spec)}`;
  }

  /** The variant, made now if it was never made before. */
  async get(row: MediaRow, spec: VariantSpec): Promise<Variant> {
    if (!RESIZABLE.has(row.contentType)) throw mediaErrors.notAnImage();
    const key = this.keyOf(row, spec);
    const inMemory = this.memory.get(key);
    if (inMemory) {
      // Refresh its place in the LRU order.
      this.memory.delete(key);
      this.memory.set(key, inMemory);
      return { key, size: inMemory.length, bytes: inMemory };
    }
    const knownSize = this.known.get(key);
    if (knownSize !== undefined) return { key, size: knownSize, bytes: null };
    const pending = this.inFlight.get(key);
    if (pending) return pending;
    const work = this.fetchOrMake(row, spec, key).finally(() => this.inFlight.delete(key));
    this.inFlight.set(key, work);
    return work;
  }

  private async fetchOrMake(row: MediaRow, spec: VariantSpec, key: string): Promise<Variant> {
    const stored = await this.storage.stat(key);
    if (stored) {
      this.known.set(key, stored.size);
      return { key, size: stored.size, bytes: null };
    }
    let bytes: Buffer;
    try {
      bytes = await this.pool.run(() => this.render(row, spec));
    } catch (err) {
      if (err instanceof PoolFullError) throw mediaErrors.busy(2);
      throw err;
    }
    await this.storage.put(key, bytes, { contentType: `image/${spec.format}` });
    this.resizes++;
    this.resizeCounter.inc();
    this.remember(key, bytes);
    return { key, size: bytes.length, bytes };
  }

  /** Forgets what this process knows of an item's variants (after a replace or delete). */
  forget(row: Pick<MediaRow, 'organizationId' | 'id'>): void {
    const prefix = variantPrefix(row.organizationId, row.id);
    for (const key of [...this.memory.keys()]) {
      if (key.startsWith(prefix)) {
        this.memoryBytes -= this.memory.get(key)!.length;
        this.memory.delete(key);
      }
    }
    for (const key of [...this.known.keys()]) if (key.startsWith(prefix)) this.known.delete(key);
  }

  private remember(key: string, bytes: Buffer): void {
    this.known.set(key, bytes.length);
    if (bytes.length > MEMORY_ITEM_LIMIT) return;
    this.memory.set(key, bytes);
    this.memoryBytes += bytes.length;
    for (const [oldest, b] of this.memory) {
      if (this.memoryBytes <= MEMORY_TOTAL_LIMIT) break;
      this.memory.delete(oldest);
      this.memoryBytes -= b.length;
    }
  }

  /** Keeps a variant read from storage in memory for the next request. */
  rememberRead(key: string, bytes: Buffer): void {
    this.remember(key, bytes);
  }

  private async render(row: MediaRow, spec: VariantSpec): Promise<Buffer> {
    const chunks: Buffer[] = [];
    for await (const c of await this.storage.get(row.storageKey)) chunks.push(c as Buffer);
    // rotate() with no angle applies the EXIF orientation; sharp writes no metadata unless asked.
    let image = sharp(Buffer.concat(chunks), { failOn: 'none', animated: false }).rotate();
    const W = row.width ?? 0;
    const H = row.height ?? 0;
    if (spec.fit === 'cover' && spec.width && spec.height && W > 0 && H > 0) {
      let scale = Math.max(spec.width / W, spec.height / H);
      let cw = spec.width;
      let ch = spec.height;
      if (scale > 1) {
        // Never enlarge: crop the largest box of the same shape the original holds.
        const f = Math.min(W / spec.width, H / spec.height);
        cw = Math.max(1, Math.floor(spec.width * f));
        ch = Math.max(1, Math.floor(spec.height * f));
        scale = 1;
      }
      const rw = Math.max(cw, Math.round(W * scale));
      const rh = Math.max(ch, Math.round(H * scale));
      const left = clamp(Math.round(row.focalX * rw - cw / 2), 0, rw - cw);
      const top = clamp(Math.round(row.focalY * rh - ch / 2), 0, rh - ch);
      image = image.resize(rw, rh, { fit: 'fill' }).extract({ left, top, width: cw, height: ch });
    } else if (spec.width || spec.height) {
      image = image.resize({
        width: spec.width ?? undefined,
        height: spec.height ?? undefined,
        fit: 'inside',
        withoutEnlargement: true,
      });
    }
    switch (spec.format) {
      case 'avif':
        return image.avif({ quality: 50, effort: 2 }).toBuffer();
      case 'webp':
        return image.webp({ quality: 80 }).toBuffer();
      case 'png':
        return image.png({ compressionLevel: 8 }).toBuffer();
      default:
        return image.flatten({ background: '#ffffff' }).jpeg({ quality: 82, mozjpeg: true }).toBuffer();
    }
  }
}

const clamp = (v: number, lo: number, hi: number) => Math.min(Math.max(v, lo), hi);
