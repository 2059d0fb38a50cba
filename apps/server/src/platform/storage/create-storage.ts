import type { StorageTarget } from '../config/config.ts';
import type { FileStorage } from './file-storage.ts';
import { LocalFileStorage } from './local-storage.ts';
import { S3FileStorage } from './s3-storage.ts';
import type { UrlSigner } from './url-signer.ts';

/** The storage driver the configuration names. */
export function createFileStorage(target: StorageTarget, signer: UrlSigner, publicUrl: string): FileStorage {
  if (target.kind === 's3') return new S3FileStorage(target);
  return new LocalFileStorage(target.dir, signer, publicUrl);
}
