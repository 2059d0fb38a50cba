// Foyer on the real PostgreSQL named by DATABASE_URL (a fresh database made
// by bench/registration-burst.ts), migrated on start, with one published
// event `bench-org/burst`: 1,000 seats and a waiting list, guests welcome.
// Prints `LISTENING <url>`.
import { buildApp } from '../../apps/server/src/app.ts';
import { catalogModule } from '../../apps/server/src/modules/catalog/index.ts';
import { testConfig } from '../../apps/server/src/platform/config/config.ts';
import { servicesOf } from '../../apps/server/src/platform/module.ts';
import { benchOrganization } from '../lib/bench-organization.ts';
import { announceListening } from '../lib/server-process.ts';

const databaseUrl = process.env.DATABASE_URL;
if (!databaseUrl?.startsWith('postgres')) throw new Error('DATABASE_URL must name a PostgreSQL database');

const app = await buildApp(
  testConfig({ LOG_LEVEL: 'silent', DATABASE_URL: databaseUrl, DATABASE_POOL_SIZE: process.env.DATABASE_POOL_SIZE }),
);
const s = servicesOf(app.platform, catalogModule);
const system = { type: 'system' as const, id: null };
const { org } = await benchOrganization(app);
const startsAt = Date.now() + 30 * 86_400_000;
const event = await s.events.create(
  org.id,
  {
    name: 'Registration Burst',
    slug: 'burst',
    kind: 'conference',
    format: 'in_person',
    timezone: 'Europe/Berlin',
    startsAt: new Date(startsAt).toISOString(),
    endsAt: new Date(startsAt + 8 * 3_600_000).toISOString(),
    capacity: 1000,
    registration: { waitlistEnabled: true, guestsAllowed: true },
  },
  system,
  null,
);
await s.events.changeStatus(event.id, 'published', undefined, system);

const url = await app.listen({ port: 0, host: '127.0.0.1' });
announceListening(url, () => app.close());
