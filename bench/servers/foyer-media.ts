// Foyer for the media benchmark: the real app with its files on local disk
// in a fresh directory (removed on exit), a quota no benchmark reaches, logs
// off. DATABASE_URL as given (PostgreSQL), else the embedded PGlite.
// Prints `LISTENING <url>`.
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { buildApp } from '../../apps/server/src/app.ts';
import { testConfig } from '../../apps/server/src/platform/config/config.ts';
import { announceListening } from '../lib/server-process.ts';

const dataDir = fs.mkdtempSync(path.join(os.tmpdir(), 'foyer-bench-media-'));
const app = await buildApp(
  testConfig({
    LOG_LEVEL: 'silent',
    OUTBOX_POLL_INTERVAL_MS: '250',
    FOYER_DATA_DIR: dataDir,
    MEDIA_QUOTA_BYTES: String(50 * 1024 ** 3),
    ...(process.env.DATABASE_URL ? { DATABASE_URL: process.env.DATABASE_URL } : {}),
  }),
);
const url = await app.listen({ port: 0, host: '127.0.0.1' });
announceListening(url, async () => {
  await app.close();
  fs.rmSync(dataDir, { recursive: true, force: true });
});
