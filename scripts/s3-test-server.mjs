#!/usr/bin/env node
// A real S3-protocol server (s3rver) for the storage tests in CI: listens on
// 127.0.0.1:$1 (default 4569), keeps objects under $2 (default a temp dir),
// prints "ready" when it accepts requests. Tests create their own buckets.
import { mkdtempSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import S3rver from 's3rver';
import { addListParts } from './s3rver-list-parts.mjs';

const port = Number(process.argv[2] ?? 4569);
const directory = process.argv[3] ?? mkdtempSync(path.join(os.tmpdir(), 'foyer-ci-s3-'));
const server = new S3rver({ port, address: '127.0.0.1', silent: true, directory });
// Resumable uploads (@tus/s3-store) resume with ListParts, which s3rver lacks.
addListParts(server, directory);
await server.run();
console.log(`ready: s3rver on http://127.0.0.1:${port}, objects in ${directory}`);
const stop = () => server.close().then(() => process.exit(0));
process.on('SIGTERM', stop);
process.on('SIGINT', stop);
