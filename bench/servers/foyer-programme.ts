// Foyer with a published festival to read: 500 sessions, 200 people,
// 20 locations, 12 tags, seeded through the services (as the API would).
// The event is `bench-org/programme`. Prints `LISTENING <url>`.
import { buildApp } from '../../apps/server/src/app.ts';
import { catalogModule } from '../../apps/server/src/modules/catalog/index.ts';
import { testConfig } from '../../apps/server/src/platform/config/config.ts';
import { servicesOf } from '../../apps/server/src/platform/module.ts';
import { benchOrganization } from '../lib/bench-organization.ts';
import { announceListening } from '../lib/server-process.ts';

const app = await buildApp(
  testConfig({
    LOG_LEVEL: 'silent',
    OUTBOX_POLL_INTERVAL_MS: '250',
    ...(process.env.DATABASE_URL ? { DATABASE_URL: process.env.DATABASE_URL } : {}),
  }),
);
const s = servicesOf(app.platform, catalogModule);
const system = { type: 'system' as const, id: null };
const { org } = await benchOrganization(app);
const DAYS = 5;
const start = Date.parse('2027-07-01T08:00:00Z');
const event = await s.events.create(
  org.id,
  {
    name: 'Programme Benchmark Festival',
    slug: 'programme',
    kind: 'festival',
    format: 'in_person',
    timezone: 'Europe/Berlin',
    startsAt: new Date(start).toISOString(),
    endsAt: new Date(start + DAYS * 86_400_000).toISOString(),
    summary: 'Five days, twenty stages, five hundred sessions.',
  },
  system,
  null,
);
const locationIds: string[] = [];
for (let i = 0; i < 20; i++) {
  const location = await s.locations.create(
    org.id,
    {
      name: `Stage ${i + 1}`,
      description: 'A stage by the harbour with seats for three hundred people.',
      place: { street: `Hafenstraße ${i + 1}`, zip: '20457', town: 'Hamburg', country: 'DE', lat: 53.54, lon: 9.98 },
    },
    system,
  );
  locationIds.push(location.id);
}
const tagIds: string[] = [];
for (const name of [
  'jazz',
  'folk',
  'rock',
  'talk',
  'kids',
  'dance',
  'film',
  'poetry',
  'food',
  'art',
  'science',
  'late',
]) {
  tagIds.push((await s.tags.create(org.id, name, system)).id);
}
const personIds: string[] = [];
for (let i = 0; i < 200; i++) {
  const person = await s.people.create(
    event.id,
    {
      name: `Performer ${i + 1}`,
      bio: 'Plays, talks and teaches at festivals across Europe since 2010.',
      sortOrder: i,
    },
    system,
  );
  personIds.push(person.id);
}
for (let i = 0; i < 500; i++) {
  // 20 stages × 25 one-hour slots over five days.
  const slot = Math.floor(i / 20);
  const startsAt = start + Math.floor(slot / 5) * 86_400_000 + (slot % 5) * 2 * 3_600_000;
  await s.sessions.create(
    event.id,
    {
      title: `Session ${i + 1}`,
      kind: 'performance',
      description: 'An hour of music and conversation; bring friends, stay for the next one.',
      startsAt: new Date(startsAt).toISOString(),
      endsAt: new Date(startsAt + 3_600_000).toISOString(),
      locationId: locationIds[i % 20]!,
      personIds: [personIds[i % 200]!, personIds[(i * 7 + 3) % 200]!],
      tagIds: [tagIds[i % 12]!, tagIds[(i + 5) % 12]!],
      meetingUrl: null,
    },
    system,
  );
}
await s.events.changeStatus(event.id, 'published', undefined, system);

const url = await app.listen({ port: 0, host: '127.0.0.1' });
announceListening(url, () => app.close());
