// Foyer for bench/stage-chat.ts: one `api` process of the real app on the PostgreSQL named by
// DATABASE_URL (a fresh database, migrated on start) and Redis (REDIS_URL),
// with one published public event `bench-org/stage-chat` whose stage chat
// takes guests. Every REALTIME_* and TRUST_PROXY variable of the bench's
// environment is passed on, so a run can raise a limit (and must say so).
// Prints `LISTENING <url>`.
import { StageSettingsBody } from '@foyer/contracts';
import { buildApp } from '../../apps/server/src/app.ts';
import { catalogModule } from '../../apps/server/src/modules/catalog/index.ts';
import { stageModule } from '../../apps/server/src/modules/stage/index.ts';
import { testConfig } from '../../apps/server/src/platform/config/config.ts';
import { servicesOf } from '../../apps/server/src/platform/module.ts';
import { benchOrganization } from '../lib/bench-organization.ts';
import { reportLoopDelayOnSignal } from '../lib/loop-delay.ts';
import { announceListening } from '../lib/server-process.ts';

reportLoopDelayOnSignal();

const databaseUrl = process.env.DATABASE_URL;
if (!databaseUrl?.startsWith('postgres')) throw new Error('DATABASE_URL must name a PostgreSQL database');
if (!process.env.REDIS_URL) throw new Error('REDIS_URL must name the Redis server');

const passedOn = Object.fromEntries(
  Object.entries(process.env).filter(([name]) => name.startsWith('REALTIME_') || name === 'TRUST_PROXY'),
);
const app = await buildApp(
  testConfig({
    LOG_LEVEL: process.env.LOG_LEVEL ?? 'silent',
    DATABASE_URL: databaseUrl,
    REDIS_URL: process.env.REDIS_URL,
    OUTBOX_POLL_INTERVAL_MS: '250',
    ...passedOn,
  }),
  // An `api` process, as `foyer serve --role api` runs it: sockets and HTTP, no background work.
  { role: 'api' },
);
const s = {
  ...servicesOf(app.platform, catalogModule),
  ...servicesOf(app.platform, stageModule),
};
const system = { type: 'system' as const, id: null };
const { actor, org } = await benchOrganization(app);
const startsAt = Date.now() - 3_600_000;
const event = await s.events.create(
  org.id,
  {
    name: 'Stage Chat',
    slug: 'stage-chat',
    kind: 'conference',
    format: 'online',
    timezone: 'UTC',
    startsAt: new Date(startsAt).toISOString(),
    endsAt: new Date(startsAt + 8 * 3_600_000).toISOString(),
  },
  system,
  null,
);
await s.events.changeStatus(event.id, 'published', undefined, system);
await s.stage.put(
  { actor },
  event.id,
  StageSettingsBody.parse({
    enabled: true,
    player: { kind: 'hls', source: 'https://cdn.example.org/live/index.m3u8' },
    chat: 'guests',
  }),
);

const url = await app.listen({ port: 0, host: '127.0.0.1' });
announceListening(url, () => app.close());
