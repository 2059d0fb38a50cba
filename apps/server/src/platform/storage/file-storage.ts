import type { Readable } from 'node:stream';

/** An inclusive byte range, as HTTP `Range: bytes=start-end` names it. */
export interface ByteRange {
  start: number;
  end: number;
}

/** What storage knows about one stored object. */
export interface StoredObject {
  key: string;
  size: number;
  lastModified: Date;
  contentType: string | null;
}

export interface PutOptions {
  contentType?: string;
}

export interface SignedUrlOptions {
  /** Seconds from now until the URL stops working. */
  expiresInSeconds: number;
  /** Served as `Content-Disposition: attachment; filename=…` when given. */
  downloadName?: string;
  contentType?: string;
}

/** Thrown when a key names no stored object. */
export class StorageNotFoundError extends Error {
  constructor(readonly key: string) {
    super(`No stored object ${key}`);
    this.name = 'StorageNotFoundError';
  }
}

/** Thrown for a range that starts past the end of the object (HTTP 416). */
export class StorageRangeError extends Error {
  constructor(
    readonly key: string,
    readonly size: number,
  ) {
    super(`Range not satisfiable for ${key} (${size} bytes)`);
    this.name = 'StorageRangeError';
  }
}

/**
 * Where Foyer keeps files: local disk by default, an S3 bucket when
 * configured. Keys are slash-separated paths of `[A-Za-z0-9._-]` segments.
 * Writes are atomic: a reader sees the whole old object or the whole new
 * one, never a part. Reads and writes stream; nothing is held whole in memory.
 */
export interface FileStorage {
  readonly kind: 'local' | 's3';
  /** Stores `body` under `key` (replacing what was there) and returns the stored size. */
  put(key: string, body: Readable | Buffer, options?: PutOptions): Promise<{ size: number }>;
  /** Streams the object, or the inclusive byte range of it. */
  get(key: string, range?: ByteRange): Promise<Readable>;
  /** The object's size and dates, or null when there is none. */
  stat(key: string): Promise<StoredObject | null>;
  /** Removes the object; removing a missing one is not an error. */
  delete(key: string): Promise<void>;
  /** Every object whose key starts with `prefix`. */
  list(prefix: string): AsyncIterable<StoredObject>;
  /** Removes every object under `prefix`; returns how many. */
  deletePrefix(prefix: string): Promise<number>;
  /** A URL that downloads the object until it expires (HMAC-signed Foyer URL locally; presigned on S3). */
  signedUrl(key: string, options: SignedUrlOptions): Promise<string>;
  /** Whether the storage can be reached and written (the bucket exists; the directory is writable). */
  ping(): Promise<{ ok: boolean; detail: string }>;
  /** Releases connections (S3); a no-op locally. */
  close?(): void;
}

const KEY = /^[A-Za-z0-9_][A-Za-z0-9._-]*(\/[A-Za-z0-9_][A-Za-z0-9._-]*)*$/;

/** Refuses keys that could escape the storage root or collide with temporary files. */
export function assertValidKey(key: string): void {
  if (!KEY.test(key) || key.length > 512 || key.split('/').some((s) => s === '.' || s === '..')) {
    throw new Error(`Invalid storage key: ${JSON.stringify(key)}`);
  }
}
