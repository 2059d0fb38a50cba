import { mkdtemp, rm } from 'node:fs/promises';
import type { AddressInfo } from 'node:net';
import os from 'node:os';
import path from 'node:path';
import { CreateBucketCommand, S3Client } from '@aws-sdk/client-s3';
import S3rver from 's3rver';
import { addListParts } from '../../../../../scripts/s3rver-list-parts.mjs';

/** s3rver's built-in account. */
const ACCESS_KEY = 'S3RVER';

export interface S3TestBucket {
  /** Environment settings that point Foyer at this bucket. */
  env: Record<string, string>;
  endpoint: string;
  bucket: string;
  close(): Promise<void>;
}

/**
 * A fresh bucket on a real S3-protocol server: the one `.ci/run` started
 * (`S3_TEST_ENDPOINT`), or an s3rver started here on a free port (with
 * ListParts added, see scripts/s3rver-list-parts.mjs).
 */
export async function createS3TestBucket(): Promise<S3TestBucket> {
  let endpoint = process.env.S3_TEST_ENDPOINT ?? '';
  let stop = async () => {};
  if (!endpoint) {
    const directory = await mkdtemp(path.join(os.tmpdir(), 'foyer-s3rver-'));
    const server = new S3rver({ port: 0, address: '127.0.0.1', silent: true, directory });
    // Resumable uploads (@tus/s3-store) resume with ListParts, which s3rver lacks.
    addListParts(server as unknown as { middleware: unknown[] }, directory);
    const address = (await server.run()) as AddressInfo;
    endpoint = `http://127.0.0.1:${address.port}`;
    stop = async () => {
      await server.close();
      await rm(directory, { recursive: true, force: true });
    };
  }
  const bucket = `foyer-test-${process.pid}-${Math.random().toString(36).slice(2, 10)}`;
  const env = {
    S3_ENDPOINT: endpoint,
    S3_REGION: 'us-east-1',
    S3_BUCKET: bucket,
    S3_ACCESS_KEY_ID: ACCESS_KEY,
    S3_SECRET_ACCESS_KEY: ACCESS_KEY,
    S3_FORCE_PATH_STYLE: 'true',
  };
  const client = new S3Client({
    endpoint,
    region: 'us-east-1',
    forcePathStyle: true,
    credentials: { accessKeyId: ACCESS_KEY, secretAccessKey: ACCESS_KEY },
  });
  await client.send(new CreateBucketCommand({ Bucket: bucket }));
  client.destroy();
  return { env, endpoint, bucket, close: stop };
}
