// Foyer as the benchmarks run it: the real app on an in-memory database,
// logs off, the production outbox poll interval. Prints `LISTENING <url>`.
import { buildApp } from '../../apps/server/src/app.ts';
import { testConfig } from '../../apps/server/src/platform/config/config.ts';
import { announceListening } from '../lib/server-process.ts';

const app = await buildApp(testConfig({ LOG_LEVEL: 'silent', OUTBOX_POLL_INTERVAL_MS: '250' }));
const url = await app.listen({ port: 0, host: '127.0.0.1' });
announceListening(url, () => app.close());
