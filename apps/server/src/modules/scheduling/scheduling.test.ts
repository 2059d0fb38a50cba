import { randomUUID } from 'node:crypto';
import { asc, eq } from 'drizzle-orm';
import ICAL from 'ical.js';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { domainEvents } from '../../platform/events/schema.ts';
import { Api, expectProblem, type Res, type SignedUp } from '../../platform/testing/api-test-kit.ts';
import { createTestApp, type TestApp } from '../../platform/testing/test-app.ts';
import { onRealPostgres } from '../../platform/testing/test-database.ts';

let t: TestApp;
let api: Api;
let owner: SignedUp;
let orgId: string;
let otherOrgId: string;

const token = () => owner.accessToken;
const post = (url: string, body: unknown, headers?: Record<string, string>) =>
  api.post(url, { token: token(), body, ...(headers ? { headers } : {}) });
const get = (url: string) => api.get(url, { token: token() });
const patch = (url: string, body: unknown, headers?: Record<string, string>) =>
  api.patch(url, { token: token(), body, ...(headers ? { headers } : {}) });
const del = (url: string, headers?: Record<string, string>) =>
  api.delete(url, { token: token(), ...(headers ? { headers } : {}) });

async function created(res: Res) {
  expect(res.statusCode, res.body).toBe(201);
  return res.json();
}
const newResource = async (name: string, org = orgId, extra: object = {}) =>
  (await created(await post(`/api/v1/orgs/${org}/resources`, { name, kind: 'room', ...extra }))).id as string;
const book = (resourceId: string, startsAt: string, endsAt: string, extra: object = {}) =>
  post(`/api/v1/orgs/${orgId}/bookings`, { resourceId, startsAt, endsAt, label: 'Rehearsal', ...extra });
const auditActions = async (action: string, targetId: string) =>
  (await get(`/api/v1/orgs/${orgId}/audit-log?action=${action}&targetId=${targetId}`)).json().items as unknown[];

beforeAll(async () => {
  t = await createTestApp();
  api = new Api(t.app);
  owner = await api.signup();
  orgId = (await post('/api/v1/orgs', { name: 'Sched Org', slug: `sched-${randomUUID().slice(0, 8)}` })).json().id;
  otherOrgId = (await post('/api/v1/orgs', { name: 'Other', slug: `other-${randomUUID().slice(0, 8)}` })).json().id;
}, 180_000);
afterAll(async () => t?.close());

describe('resources, layouts and projects', () => {
  it('creates resources with a client-chosen id, edits them with versions, lists them oldest first', async () => {
    const id = randomUUID();
    const resource = await created(
      await post(`/api/v1/orgs/${orgId}/resources`, { id, name: '', kind: 'equipment', capacity: 4, colour: '#abc' }),
    );
    expect(resource).toMatchObject({
      id,
      name: '',
      kind: 'equipment',
      capacity: 4,
      colour: '#abc',
      active: true,
      version: 1,
    });
    const renamed = await patch(`/api/v1/resources/${id}`, { name: 'Projector' }, { 'if-match': '"1"' });
    expect(renamed.statusCode, renamed.body).toBe(200);
    expect(renamed.headers.etag).toBe('"2"');
    expectProblem(
      await patch(`/api/v1/resources/${id}`, { name: 'Stale' }, { 'if-match': '"1"' }),
      409,
      'STALE_VERSION',
    );
    expectProblem(await patch(`/api/v1/resources/${id}`, { name: 'Stale', version: 1 }), 409, 'STALE_VERSION');
    expect((await get(`/api/v1/resources/${id}`)).json().name).toBe('Projector');
    expectProblem(
      await post(`/api/v1/orgs/${orgId}/resources`, { name: 'x', colour: 'banana' }),
      422,
      'VALIDATION_FAILED',
    );
    expectProblem(
      await post(`/api/v1/orgs/${orgId}/resources`, { name: 'x', kind: 'spaceship' }),
      422,
      'VALIDATION_FAILED',
    );
    expect(await auditActions('resource.changed', id)).toHaveLength(1);
  });

  it('keeps layouts of 1–20 resources of the organization, in order', async () => {
    const a = await newResource('A');
    const b = await newResource('B');
    const foreign = await newResource('Elsewhere', otherOrgId);
    const layout = await created(
      await post(`/api/v1/orgs/${orgId}/resource-layouts`, { name: 'Stage', resourceIds: [b, a] }),
    );
    expect(layout.resourceIds).toEqual([b, a]);
    expectProblem(
      await post(`/api/v1/orgs/${orgId}/resource-layouts`, { name: 'X', resourceIds: [] }),
      422,
      'VALIDATION_FAILED',
    );
    expectProblem(
      await post(`/api/v1/orgs/${orgId}/resource-layouts`, {
        name: 'X',
        resourceIds: Array.from({ length: 21 }, randomUUID),
      }),
      422,
      'VALIDATION_FAILED',
    );
    expectProblem(
      await post(`/api/v1/orgs/${orgId}/resource-layouts`, { name: 'X', resourceIds: [a, a] }),
      422,
      'VALIDATION_FAILED',
    );
    expectProblem(
      await post(`/api/v1/orgs/${orgId}/resource-layouts`, { name: 'X', resourceIds: [foreign] }),
      422,
      'VALIDATION_FAILED',
    );
    const moved = await patch(`/api/v1/resource-layouts/${layout.id}`, { resourceIds: [a, b] });
    expect(moved.json().resourceIds).toEqual([a, b]);
    await del(`/api/v1/resources/${b}`);
    expect((await get(`/api/v1/resource-layouts/${layout.id}`)).json().resourceIds).toEqual([a]);
  });

  it('projects group bookings, and filter them', async () => {
    const room = await newResource('Project room');
    const project = await created(await post(`/api/v1/orgs/${orgId}/projects`, { name: 'Opera' }));
    await created(await book(room, '2027-03-01T10:00:00Z', '2027-03-01T11:00:00Z', { projectId: project.id }));
    await created(await book(room, '2027-03-01T12:00:00Z', '2027-03-01T13:00:00Z'));
    const list = await get(
      `/api/v1/orgs/${orgId}/bookings?from=2027-03-01T00:00:00Z&to=2027-03-02T00:00:00Z&projectId=${project.id}`,
    );
    expect(list.json().items).toHaveLength(1);
    const foreignProject = await created(await post(`/api/v1/orgs/${otherOrgId}/projects`, { name: 'Theirs' }));
    expectProblem(
      await book(room, '2027-03-02T10:00:00Z', '2027-03-02T11:00:00Z', { projectId: foreignProject.id }),
      422,
      'VALIDATION_FAILED',
    );
  });
});

describe('bookings', () => {
  it('refuses an overlapping non-tentative booking with 409 BOOKING_CONFLICT naming the booking hit', async () => {
    const room = await newResource('Hall');
    const first = await created(await book(room, '2027-01-10T09:00:00Z', '2027-01-10T12:00:00Z'));
    const clash = expectProblem(
      await book(room, '2027-01-10T11:59:00+00:00', '2027-01-10T13:00:00Z'),
      409,
      'BOOKING_CONFLICT',
    );
    expect(clash.detail).toContain(first.id);
    expect(clash.errors?.[0]).toMatchObject({ field: 'conflictingBookingId', message: first.id });
    // Half-open ranges: back to back is fine; other offsets are the same instants.
    await created(await book(room, '2027-01-10T13:00:00+01:00', '2027-01-10T14:00:00+01:00'));
    // Tentative bookings may overlap anything, and are listed as such.
    const pencil = await created(await book(room, '2027-01-10T10:00:00Z', '2027-01-10T11:00:00Z', { tentative: true }));
    expect(pencil.tentative).toBe(true);
    // Confirming a tentative booking that overlaps is refused by the same constraint.
    expectProblem(await patch(`/api/v1/bookings/${pencil.id}`, { tentative: false }), 409, 'BOOKING_CONFLICT');
    // Another resource is not affected.
    await created(await book(await newResource('Side room'), '2027-01-10T09:00:00Z', '2027-01-10T12:00:00Z'));
    expectProblem(await book(room, '2027-01-10T12:00:00Z', '2027-01-10T12:00:00Z'), 422, 'VALIDATION_FAILED');
  });

  it('moves with optimistic concurrency: If-Match or version, a stale edit is 409, never an overwrite', async () => {
    const room = await newResource('Studio');
    const b = await created(await book(room, '2027-02-01T09:00:00Z', '2027-02-01T10:00:00Z'));
    const moved = await patch(
      `/api/v1/bookings/${b.id}`,
      { startsAt: '2027-02-01T10:00:00Z', endsAt: '2027-02-01T11:00:00Z' },
      { 'if-match': '"1"' },
    );
    expect(moved.statusCode, moved.body).toBe(200);
    expect(moved.json().version).toBe(2);
    const stale = expectProblem(
      await patch(`/api/v1/bookings/${b.id}`, { label: 'Lost', version: 1 }),
      409,
      'STALE_VERSION',
    );
    expect(stale.errors?.[0]?.message).toContain('2');
    expect((await get(`/api/v1/bookings/${b.id}`)).json()).toMatchObject({
      label: 'Rehearsal',
      startsAt: '2027-02-01T10:00:00.000Z',
    });
    expectProblem(await del(`/api/v1/bookings/${b.id}`, { 'if-match': '"1"' }), 409, 'STALE_VERSION');
    expect((await del(`/api/v1/bookings/${b.id}`, { 'if-match': '"2"' })).statusCode).toBe(204);
    expectProblem(await get(`/api/v1/bookings/${b.id}`), 404, 'NOT_FOUND');
    // A deleted booking frees its slot; its id is never reused.
    await created(await book(room, '2027-02-01T10:00:00Z', '2027-02-01T11:00:00Z'));
    expectProblem(await book(room, '2027-02-03T10:00:00Z', '2027-02-03T11:00:00Z', { id: b.id }), 409, 'CONFLICT');
    expect(await auditActions('booking.deleted', b.id)).toHaveLength(1);
  });

  it('keeps tenants apart', async () => {
    const foreign = await newResource('Theirs', otherOrgId);
    expectProblem(await book(foreign, '2027-01-10T09:00:00Z', '2027-01-10T12:00:00Z'), 422, 'VALIDATION_FAILED');
    const stranger = await api.signup();
    const res = await api.get(`/api/v1/orgs/${orgId}/resources`, { token: stranger.accessToken });
    expect(res.statusCode).toBe(403);
  });

  it('answers free intervals per resource, tentative bookings not blocking', async () => {
    const a = await newResource('Avail A');
    const b = await newResource('Avail B');
    await created(await book(a, '2027-04-01T09:00:00Z', '2027-04-01T10:00:00Z'));
    await created(await book(a, '2027-04-01T12:00:00Z', '2027-04-01T13:00:00Z'));
    await created(await book(b, '2027-04-01T08:00:00Z', '2027-04-01T09:30:00Z', { tentative: true }));
    const res = await get(
      `/api/v1/orgs/${orgId}/availability?resourceIds=${a},${b}&from=2027-04-01T08:00:00Z&to=2027-04-01T14:00:00Z`,
    );
    expect(res.statusCode, res.body).toBe(200);
    const [ra, rb] = res.json().resources;
    expect(ra.free).toEqual([
      { startsAt: '2027-04-01T08:00:00.000Z', endsAt: '2027-04-01T09:00:00.000Z' },
      { startsAt: '2027-04-01T10:00:00.000Z', endsAt: '2027-04-01T12:00:00.000Z' },
      { startsAt: '2027-04-01T13:00:00.000Z', endsAt: '2027-04-01T14:00:00.000Z' },
    ]);
    expect(rb.free).toEqual([{ startsAt: '2027-04-01T08:00:00.000Z', endsAt: '2027-04-01T14:00:00.000Z' }]);
    expect(rb.tentative).toHaveLength(1);
    expectProblem(
      await get(
        `/api/v1/orgs/${orgId}/availability?resourceIds=${a}&from=2027-04-02T00:00:00Z&to=2027-04-01T00:00:00Z`,
      ),
      422,
      'VALIDATION_FAILED',
    );
    expectProblem(
      await get(
        `/api/v1/orgs/${orgId}/availability?resourceIds=nope&from=2027-04-01T00:00:00Z&to=2027-04-02T00:00:00Z`,
      ),
      422,
      'VALIDATION_FAILED',
    );
  });

  it('publishes iCalendar feeds per resource and per layout', async () => {
    const a = await newResource('Feed room');
    const b = await newResource('Feed van', orgId, { kind: 'vehicle' });
    const soon = (h: number) => new Date(Date.now() + h * 3600_000).toISOString();
    await created(await book(a, soon(24), soon(25), { label: 'Load-in, stage; left' }));
    await created(await book(b, soon(26), soon(27), { tentative: true }));
    const feed = await get(`/api/v1/resources/${a}/calendar.ics`);
    expect(feed.statusCode).toBe(200);
    expect(feed.headers['content-type']).toContain('text/calendar');
    const events = new ICAL.Component(ICAL.parse(feed.body)).getAllSubcomponents('vevent');
    expect(events.map((e) => e.getFirstPropertyValue('summary'))).toEqual(['Load-in, stage; left']);
    const layout = await created(
      await post(`/api/v1/orgs/${orgId}/resource-layouts`, { name: 'Feeds', resourceIds: [a, b] }),
    );
    const both = new ICAL.Component(ICAL.parse((await get(`/api/v1/resource-layouts/${layout.id}/calendar.ics`)).body));
    const statuses = both.getAllSubcomponents('vevent').map((e) => e.getFirstPropertyValue('status'));
    expect(statuses.sort()).toEqual(['CONFIRMED', 'TENTATIVE']);
  });

  it('records booking.created, booking.changed and booking.deleted domain events with the item and its previous state', async () => {
    const room = await newResource('Events room');
    const b = await created(await book(room, '2027-05-01T09:00:00Z', '2027-05-01T10:00:00Z'));
    await patch(`/api/v1/bookings/${b.id}`, { startsAt: '2027-05-01T11:00:00Z', endsAt: '2027-05-01T12:00:00Z' });
    await del(`/api/v1/bookings/${b.id}`);
    const rows = await t.app.platform.database.db
      .select()
      .from(domainEvents)
      .where(eq(domainEvents.aggregateId, b.id))
      .orderBy(asc(domainEvents.id));
    expect(rows.map((r) => r.type)).toEqual(['booking.created', 'booking.changed', 'booking.deleted']);
    const changed = rows[1]!.payload as { item: { startsAt: string }; previous: { startsAt: string } };
    expect(changed.previous.startsAt).toBe('2027-05-01T09:00:00.000Z');
    expect(changed.item.startsAt).toBe('2027-05-01T11:00:00.000Z');
  });
});

describe.runIf(onRealPostgres)('no double booking under a rush (real PostgreSQL)', () => {
  it('200 parallel requests for overlapping slots: exactly one wins per slot', async () => {
    const rooms = await Promise.all([
      newResource('Rush 1'),
      newResource('Rush 2'),
      newResource('Rush 3'),
      newResource('Rush 4'),
    ]);
    // 50 requests per room, each overlapping every other of its room (staggered by minutes inside one hour).
    const requests = rooms.flatMap((room) =>
      Array.from({ length: 50 }, (_, i) => {
        const start = new Date(Date.UTC(2027, 5, 1, 9, i % 30));
        return book(room, start.toISOString(), new Date(start.getTime() + 45 * 60_000).toISOString(), {
          label: `try ${i}`,
        });
      }),
    );
    const results = await Promise.all(requests);
    const codes = results.map((r) => r.statusCode);
    // Anything but a win or a conflict, with its problem body, so a failure says what happened.
    expect(results.filter((r) => r.statusCode !== 201 && r.statusCode !== 409).map((r) => r.body)).toEqual([]);
    for (const room of rooms) {
      const list = await get(
        `/api/v1/orgs/${orgId}/bookings?resourceIds=${room}&from=2027-06-01T00:00:00Z&to=2027-06-02T00:00:00Z`,
      );
      expect(list.json().items).toHaveLength(1);
    }
    expect(codes.filter((c) => c === 201)).toHaveLength(4);
    for (const r of results.filter((r) => r.statusCode === 409)) expect(r.json().code).toBe('BOOKING_CONFLICT');
  }, 60_000);
});
