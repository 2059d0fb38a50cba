import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { Api, type SignedUp } from '../../platform/testing/api-test-kit.ts';
import { createTestApp, type TestApp } from '../../platform/testing/test-app.ts';
import { onRealPostgres } from '../../platform/testing/test-database.ts';
import { attend, cpdCourse, registerGuest } from './certificate-test-kit.ts';

/**
 * Organisers pressing "issue" at once (two tabs, a retrying client, the
 * auto-issue job): against a real PostgreSQL with a connection pool, where
 * the requests truly overlap (PGlite has one connection).
 */
let t: TestApp;
let api: Api;
let owner: SignedUp;

beforeAll(async () => {
  if (!onRealPostgres) return;
  t = await createTestApp({ DATABASE_POOL_SIZE: '20' });
  api = new Api(t.app);
  owner = await api.signup();
});
afterAll(async () => t?.close());

async function courseWithAttendees(count: number): Promise<{ eventId: string; ids: string[] }> {
  const { eventId } = await cpdCourse(api, owner);
  const ids: string[] = [];
  for (let i = 0; i < count; i++) {
    const r = await registerGuest(api, eventId, `Attendee ${i}`);
    await attend(api, owner.accessToken, eventId, r.id, 60);
    ids.push(r.id);
  }
  return { eventId, ids };
}

async function certificatesPerRegistration(eventId: string): Promise<Map<string, number>> {
  const rows = await t.app.platform.database.sql.query<{ registration_id: string; n: number }>(
    'select registration_id, count(*)::int as n from certificates where event_id = $1 group by registration_id',
    [eventId],
  );
  return new Map(rows.rows.map((r) => [r.registration_id, r.n]));
}

describe.skipIf(!onRealPostgres)('issuing under concurrency (real PostgreSQL)', () => {
  it('20 parallel "issue all" requests give every eligible registration exactly one certificate', async () => {
    const { eventId, ids } = await courseWithAttendees(30);
    const answers = await Promise.all(
      Array.from({ length: 20 }, () =>
        api.post(`/api/v1/events/${eventId}/certificates/issue`, { token: owner.accessToken, body: { all: true } }),
      ),
    );
    for (const a of answers) expect(a.statusCode, a.body).toBe(200);
    const issued = answers.flatMap((a) => a.json().issued.map((c: { registrationId: string }) => c.registrationId));
    // Each registration issued by exactly one of the requests; every other request skipped it as certified.
    expect(issued.sort()).toEqual([...ids].sort());
    for (const a of answers) {
      const body = a.json();
      expect(body.issuedCount + body.skippedCount).toBe(30);
      for (const s of body.skipped) expect(s.reason).toBe('already_certified');
    }
    const counts = await certificatesPerRegistration(eventId);
    expect(counts.size).toBe(30);
    for (const id of ids) expect(counts.get(id), id).toBe(1);
  });

  it('one Idempotency-Key sent 15 times at once issues once and answers the same result to all', async () => {
    const { eventId, ids } = await courseWithAttendees(10);
    const answers = await Promise.all(
      Array.from({ length: 15 }, () =>
        api.post(`/api/v1/events/${eventId}/certificates/issue`, {
          token: owner.accessToken,
          body: { registrationIds: ids },
          headers: { 'idempotency-key': 'same-click' },
        }),
      ),
    );
    for (const a of answers) expect(a.statusCode, a.body).toBe(200);
    const bodies = answers.map((a) => a.json());
    for (const b of bodies) expect(b).toEqual(bodies[0]);
    expect(bodies[0].issuedCount).toBe(10);
    expect(answers.filter((a) => a.headers['idempotent-replayed'] === 'true')).toHaveLength(14);
    const counts = await certificatesPerRegistration(eventId);
    for (const id of ids) expect(counts.get(id), id).toBe(1);
  });
});
