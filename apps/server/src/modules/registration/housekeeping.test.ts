import { and, eq } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { servicesOf } from '../../platform/module.ts';
import { Api, type SignedUp, uniqueEmail } from '../../platform/testing/api-test-kit.ts';
import { createTestApp, type TestApp } from '../../platform/testing/test-app.ts';
import { auditLog } from '../audit/index.ts';
import { registrationModule } from './index.ts';
import { registrationIdempotencyKeys, registrations } from './schema.ts';

let t: TestApp;
let api: Api;
let owner: SignedUp;
let orgId: string;
let slugs = 0;
const DAY = 86_400_000;

beforeAll(async () => {
  t = await createTestApp({ DATABASE_POOL_SIZE: '8' });
  api = new Api(t.app);
  owner = await api.signup();
  orgId = (await api.post('/api/v1/orgs', { token: owner.accessToken, body: { name: 'House', slug: 'house' } })).json()
    .id;
});
afterAll(async () => t?.close());

async function event(extra: Record<string, unknown>): Promise<string> {
  const res = await api.post(`/api/v1/orgs/${orgId}/events`, {
    token: owner.accessToken,
    body: {
      name: `Pottery Night ${++slugs}`,
      slug: `pottery-${slugs}`,
      kind: 'workshop',
      format: 'in_person',
      timezone: 'Europe/Berlin',
      startsAt: '2027-02-01T18:00:00Z',
      endsAt: '2027-02-01T21:00:00Z',
      ...extra,
    },
  });
  expect(res.statusCode, res.body).toBe(201);
  const id = res.json().id as string;
  await api.post(`/api/v1/events/${id}/status`, { token: owner.accessToken, body: { status: 'published' } });
  return id;
}
const register = (eventId: string, headers: Record<string, string> = {}) =>
  t.app.inject({
    method: 'POST',
    url: `/api/v1/events/${eventId}/registrations`,
    headers,
    payload: { email: uniqueEmail('house'), name: 'Guest' },
  });

describe('daily report', () => {
  it('mails each event’s organisers once a day, however often the job runs', async () => {
    const eventId = await event({ capacity: 2, registration: { waitlistEnabled: true } });
    for (let i = 0; i < 3; i++) expect((await register(eventId)).statusCode).toBe(201);
    const reports = servicesOf(t.app.platform, registrationModule).dailyReports;
    const now = new Date();
    const [a, b] = await Promise.all([reports.sendDue(now), reports.sendDue(now)]);
    expect(a! + b!).toBe(1);
    expect(await reports.sendDue(now)).toBe(0);
    const mails = await t.app.platform.mail.list({ to: owner.email, template: 'registration.daily-report' });
    expect(mails).toHaveLength(1);
    expect(mails[0]!.subject).toBe(`Pottery Night ${slugs}: registrations on ${now.toISOString().slice(0, 10)}`);
    expect(mails[0]!.text).toContain('3 new registrations in the last 24 hours.');
    expect(mails[0]!.text).toContain('Confirmed: 2 of 2 seats');
    expect(mails[0]!.text).toContain('Waiting list: 1');
    expect(mails[0]!.text).toContain(`/orgs/${orgId}/events/${eventId}/registrations`);
    // The next day brings the next report.
    expect(await reports.sendDue(new Date(now.getTime() + DAY))).toBe(1);
  });
});

describe('clean-up', () => {
  it('cancels abandoned pending registrations (audited), drops old idempotency keys and expired codes', async () => {
    const eventId = await event({ registration: { approvalRequired: true } });
    const pending = await register(eventId, { 'idempotency-key': 'house-1' });
    expect(pending.json().status).toBe('pending');
    const { db } = t.app.platform.database;
    const cleanUp = servicesOf(t.app.platform, registrationModule).cleanUp;

    // Too young for anything.
    expect(await cleanUp.run(new Date())).toMatchObject({ idempotencyKeys: 0, pendingCancelled: 0 });
    const later = await cleanUp.run(new Date(Date.now() + 31 * DAY));
    expect(later.pendingCancelled).toBe(1);
    expect(later.idempotencyKeys).toBeGreaterThanOrEqual(1);
    // The sign-up's verification code has long expired.
    expect(later.authCodes).toBeGreaterThanOrEqual(1);
    const [row] = await db.select().from(registrations).where(eq(registrations.id, pending.json().id));
    expect(row!.status).toBe('cancelled');
    expect(
      await db.select().from(registrationIdempotencyKeys).where(eq(registrationIdempotencyKeys.key, 'house-1')),
    ).toEqual([]);
    // (Read from the table: the owner's own session expired in that future and was cleaned up too.)
    expect(later.authSessions).toBeGreaterThanOrEqual(1);
    const audit = await db
      .select()
      .from(auditLog)
      .where(and(eq(auditLog.action, 'registration.cancelled'), eq(auditLog.targetId, row!.id)));
    expect(audit).toEqual([
      expect.objectContaining({
        actorType: 'system',
        metadata: expect.objectContaining({ reason: 'abandoned: pending for more than 30 days' }),
      }),
    ]);
  });
});
