import { randomUUID } from 'node:crypto';
import { constants, createWriteStream } from 'node:fs';
import { access, mkdir, open, opendir, rename, rm, stat, unlink } from 'node:fs/promises';
import path from 'node:path';
import { Readable } from 'node:stream';
import { pipeline } from 'node:stream/promises';
import {
  assertValidKey,
  type ByteRange,
  type FileStorage,
  type SignedUrlOptions,
  StorageNotFoundError,
  StorageRangeError,
  type StoredObject,
} from './file-storage.ts';
import type { UrlSigner } from './url-signer.ts';

/** Temporary files live here until renamed into place; never a valid key (keys cannot start with a dot). */
const TMP = '.tmp';

/**
 * Files under one directory (`$FOYER_DATA_DIR/files`). A write goes to a
 * temporary file in the same directory tree and is renamed into place, so
 * readers never see a partial file. Signed URLs point at Foyer's own
 * `/files/…` route, checked with HMAC.
 */
export class LocalFileStorage implements FileStorage {
  readonly kind = 'local' as const;

  constructor(
    readonly root: string,
    private readonly signer: UrlSigner,
    private readonly publicUrl: string,
  ) {}

  /** The path of a key on disk (for stores that write there themselves, e.g. tus). */
  pathOf(key: string): string {
    assertValidKey(key);
    return path.join(this.root, ...key.split('/'));
  }

  async put(key: string, body: Readable | Buffer): Promise<{ size: number }> {
    const target = this.pathOf(key);
    const tmpDir = path.join(this.root, TMP);
    await mkdir(tmpDir, { recursive: true });
    const tmp = path.join(tmpDir, randomUUID());
    let size = 0;
    try {
      const source = Buffer.isBuffer(body) ? Readable.from([body]) : body;
      const out = createWriteStream(tmp, { flags: 'wx' });
      await pipeline(
        source,
        async function* (chunks: AsyncIterable<Buffer>) {
          for await (const chunk of chunks) {
            size += chunk.length;
            yield chunk;
          }
        },
        out,
      );
      await mkdir(path.dirname(target), { recursive: true });
      await rename(tmp, target);
    } catch (err) {
      await rm(tmp, { force: true });
      throw err;
    }
    return { size };
  }

  async get(key: string, range?: ByteRange): Promise<Readable> {
    const file = this.pathOf(key);
    let handle: Awaited<ReturnType<typeof open>>;
    try {
      handle = await open(file, 'r');
    } catch (err) {
      if ((err as NodeJS.ErrnoException).code === 'ENOENT') throw new StorageNotFoundError(key);
      throw err;
    }
    if (range) {
      const { size } = await handle.stat();
      if (range.start >= size || range.start > range.end) {
        await handle.close();
        throw new StorageRangeError(key, size);
      }
      return handle.createReadStream({ start: range.start, end: Math.min(range.end, size - 1) });
    }
    return handle.createReadStream();
  }

  async stat(key: string): Promise<StoredObject | null> {
    try {
      const s = await stat(this.pathOf(key));
      return s.isFile() ? { key, size: s.size, lastModified: s.mtime, contentType: null } : null;
    } catch (err) {
      if ((err as NodeJS.ErrnoException).code === 'ENOENT') return null;
      throw err;
    }
  }

  async delete(key: string): Promise<void> {
    try {
      await unlink(this.pathOf(key));
    } catch (err) {
      if ((err as NodeJS.ErrnoException).code !== 'ENOENT') throw err;
    }
  }

  async *list(prefix: string): AsyncIterable<StoredObject> {
    // Walk from the deepest directory the prefix names, then filter by the full prefix.
    const slash = prefix.lastIndexOf('/');
    const dirKey = slash >= 0 ? prefix.slice(0, slash) : '';
    const start = dirKey ? this.pathOf(dirKey) : this.root;
    for await (const key of this.walk(start, dirKey)) {
      if (!key.startsWith(prefix)) continue;
      const s = await this.stat(key);
      if (s) yield s;
    }
  }

  private async *walk(dir: string, dirKey: string): AsyncIterable<string> {
    let entries: Awaited<ReturnType<typeof opendir>>;
    try {
      entries = await opendir(dir);
    } catch (err) {
      if ((err as NodeJS.ErrnoException).code === 'ENOENT' || (err as NodeJS.ErrnoException).code === 'ENOTDIR') return;
      throw err;
    }
    for await (const entry of entries) {
      if (entry.name.startsWith('.')) continue;
      const key = dirKey ? `${dirKey}/${entry.name}` : entry.name;
      if (entry.isDirectory()) yield* this.walk(path.join(dir, entry.name), key);
      else if (entry.isFile()) yield key;
    }
  }

  async deletePrefix(prefix: string): Promise<number> {
    let n = 0;
    for await (const object of this.list(prefix)) {
      await this.delete(object.key);
      n++;
    }
    return n;
  }

  async signedUrl(key: string, options: SignedUrlOptions): Promise<string> {
    assertValidKey(key);
    const expiresAt = Math.floor(Date.now() / 1000) + options.expiresInSeconds;
    const extra = options.downloadName ?? '';
    const { expires, signature } = this.signer.sign(key, expiresAt, extra);
    const query = new URLSearchParams({ expires, signature });
    if (options.downloadName) query.set('name', options.downloadName);
    return `${this.publicUrl}/files/${key.split('/').map(encodeURIComponent).join('/')}?${query}`;
  }

  /** Checks a URL made by `signedUrl`. */
  verify(key: string, query: { expires?: unknown; signature?: unknown; name?: unknown }): 'ok' | 'expired' | 'invalid' {
    const extra = typeof query.name === 'string' ? query.name : '';
    return this.signer.verify(key, query.expires, query.signature, Date.now(), extra);
  }

  async ping(): Promise<{ ok: boolean; detail: string }> {
    try {
      await mkdir(this.root, { recursive: true });
      await access(this.root, constants.W_OK);
      return { ok: true, detail: `local ${this.root}` };
    } catch (err) {
      return { ok: false, detail: `local ${this.root}: ${(err as Error).message}` };
    }
  }
}
