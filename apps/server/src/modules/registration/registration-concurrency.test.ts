import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { Api, type SignedUp } from '../../platform/testing/api-test-kit.ts';
import { createTestApp, type TestApp } from '../../platform/testing/test-app.ts';
import { onRealPostgres } from '../../platform/testing/test-database.ts';

/**
 * The rush: many people register for the same seats at once, against a
 * real PostgreSQL with a connection pool (PGlite has one connection and
 * would serialise everything, proving nothing).
 */
let t: TestApp;
let api: Api;
let owner: SignedUp;
let orgId: string;

beforeAll(async () => {
  if (!onRealPostgres) return;
  t = await createTestApp({ DATABASE_POOL_SIZE: '20' });
  api = new Api(t.app);
  owner = await api.signup();
  orgId = (await api.post('/api/v1/orgs', { token: owner.accessToken, body: { name: 'Rush', slug: 'rush' } })).json()
    .id;
});
afterAll(async () => t?.close());

async function publishedEvent(slug: string, capacity: number): Promise<string> {
  const res = await api.post(`/api/v1/orgs/${orgId}/events`, {
    token: owner.accessToken,
    body: {
      name: 'Rush Hour',
      slug,
      kind: 'conference',
      format: 'in_person',
      timezone: 'Europe/Berlin',
      startsAt: '2027-09-01T09:00:00+02:00',
      endsAt: '2027-09-01T18:00:00+02:00',
      capacity,
      registration: { waitlistEnabled: true, waitlistAutoPromote: true },
    },
  });
  const id = res.json().id as string;
  await api.post(`/api/v1/events/${id}/status`, { token: owner.accessToken, body: { status: 'published' } });
  return id;
}

interface Row {
  id: string;
  status: string;
  position: number | null;
  ticketCode: string | null;
}

async function all(eventId: string): Promise<Row[]> {
  const rows: Row[] = [];
  let cursor: string | null = null;
  do {
    const page = (
      await api.get(`/api/v1/events/${eventId}/registrations?limit=200${cursor ? `&cursor=${cursor}` : ''}`, {
        token: owner.accessToken,
      })
    ).json() as { items: Row[]; nextCursor: string | null };
    rows.push(...page.items);
    cursor = page.nextCursor;
  } while (cursor);
  return rows;
}

const range = (n: number) => Array.from({ length: n }, (_, i) => i + 1);

describe.skipIf(!onRealPostgres)('registration under concurrency (real PostgreSQL)', () => {
  it('500 parallel registrations for 100 seats: exactly 100 confirmed, 400 waitlisted at 1…400', async () => {
    const eventId = await publishedEvent('rush-500', 100);
    const results = await Promise.all(
      range(500).map((i) =>
        api.post(`/api/v1/events/${eventId}/registrations`, {
          body: { email: `rush.${i}@example.org`, name: `Rusher ${i}` },
        }),
      ),
    );
    expect(results.map((r) => r.statusCode).filter((s) => s !== 201)).toEqual([]);
    const answered = results.map((r) => r.json() as Row);
    expect(answered.filter((r) => r.status === 'confirmed')).toHaveLength(100);
    const positions = answered.filter((r) => r.status === 'waitlisted').map((r) => r.position!);
    expect(positions.sort((a, b) => a - b)).toEqual(range(400));

    const stored = await all(eventId);
    expect(stored).toHaveLength(500);
    const confirmed = stored.filter((r) => r.status === 'confirmed');
    expect(confirmed).toHaveLength(100);
    expect(new Set(confirmed.map((r) => r.ticketCode)).size).toBe(100);
    expect(
      stored
        .filter((r) => r.status === 'waitlisted')
        .map((r) => r.position!)
        .sort((a, b) => a - b),
    ).toEqual(range(400));
    const summary = (
      await api.get(`/api/v1/events/${eventId}/registrations/summary`, { token: owner.accessToken })
    ).json();
    expect(summary).toMatchObject({ remaining: 0, counts: { confirmed: 100, waitlisted: 400 } });

    // 50 parallel cancellations (confirmed and waitlisted mixed): seats refill from the front, positions stay dense.
    const leaving = [...confirmed.slice(0, 25), ...stored.filter((r) => r.status === 'waitlisted').slice(0, 25)];
    const cancels = await Promise.all(
      leaving.map((r) => api.post(`/api/v1/registrations/${r.id}/cancel`, { token: owner.accessToken, body: {} })),
    );
    expect(cancels.map((r) => r.statusCode).filter((s) => s !== 200)).toEqual([]);
    const after = await all(eventId);
    expect(after.filter((r) => r.status === 'confirmed')).toHaveLength(100);
    expect(after.filter((r) => r.status === 'cancelled')).toHaveLength(50);
    expect(
      after
        .filter((r) => r.status === 'waitlisted')
        .map((r) => r.position!)
        .sort((a, b) => a - b),
    ).toEqual(range(350));
  }, 120_000);

  it('the same address registering 20 times at once gets exactly one registration', async () => {
    const eventId = await publishedEvent('rush-same', 10);
    const results = await Promise.all(
      range(20).map(() =>
        api.post(`/api/v1/events/${eventId}/registrations`, {
          body: { email: 'Same.Person@example.org', name: 'Same' },
        }),
      ),
    );
    const codes = results.map((r) => r.statusCode).sort();
    expect(codes.filter((c) => c === 201)).toHaveLength(1);
    expect(results.filter((r) => r.statusCode === 409).map((r) => r.json().code)).toEqual(
      Array(19).fill('ALREADY_REGISTERED'),
    );
  });

  it('one Idempotency-Key sent 20 times at once makes one registration and answers it to all', async () => {
    const eventId = await publishedEvent('rush-key', 10);
    const results = await Promise.all(
      range(20).map(() =>
        api.post(`/api/v1/events/${eventId}/registrations`, {
          headers: { 'idempotency-key': 'once-only' },
          body: { email: 'key.person@example.org', name: 'Key' },
        }),
      ),
    );
    expect(results.map((r) => r.statusCode)).toEqual(Array(20).fill(201));
    expect(new Set(results.map((r) => r.json().id)).size).toBe(1);
    expect(results.filter((r) => r.headers['idempotent-replayed'] === 'true')).toHaveLength(19);
  });
});
