import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { Api, expectProblem, type SignedUp } from '../../platform/testing/api-test-kit.ts';
import { createTestApp, type TestApp } from '../../platform/testing/test-app.ts';
import { onRealPostgres } from '../../platform/testing/test-database.ts';

let t: TestApp;
let api: Api;
let owner: SignedUp;
let orgId: string;

const festival = (slug: string) => ({
  name: 'Harbour Festival',
  slug,
  kind: 'festival',
  format: 'in_person',
  timezone: 'Europe/Berlin',
  startsAt: '2027-07-01T10:00:00+02:00',
  endsAt: '2027-07-03T23:00:00+02:00',
  summary: 'Three days by the water',
});

beforeAll(async () => {
  t = await createTestApp();
  api = new Api(t.app);
  owner = await api.signup();
  orgId = (
    await api.post('/api/v1/orgs', { token: owner.accessToken, body: { name: 'Fest Org', slug: 'fest-org' } })
  ).json().id;
});
afterAll(async () => t?.close());

async function createEvent(slug: string, token = owner.accessToken) {
  const res = await api.post(`/api/v1/orgs/${orgId}/events`, { token, body: festival(slug) });
  expect(res.statusCode, res.body).toBe(201);
  return res.json();
}

describe('events', () => {
  it('creates a draft that its creator runs, with times in UTC and the timezone kept', async () => {
    const event = await createEvent('harbour-2027');
    expect(event).toMatchObject({
      status: 'draft',
      slug: 'harbour-2027',
      timezone: 'Europe/Berlin',
      startsAt: '2027-07-01T08:00:00.000Z',
    });
    const organizers = (await api.get(`/api/v1/events/${event.id}/organizers`, { token: owner.accessToken })).json();
    expect(organizers.items).toEqual([
      expect.objectContaining({ userId: owner.userId, role: 'lead', status: 'active' }),
    ]);
  });

  it('refuses a slug used by the same organization, an end before the start and an unknown timezone', async () => {
    expectProblem(
      await api.post(`/api/v1/orgs/${orgId}/events`, { token: owner.accessToken, body: festival('harbour-2027') }),
      409,
      'SLUG_TAKEN',
    );
    const backwards = { ...festival('backwards'), endsAt: '2027-06-30T10:00:00+02:00' };
    const problem = expectProblem(
      await api.post(`/api/v1/orgs/${orgId}/events`, { token: owner.accessToken, body: backwards }),
      422,
      'VALIDATION_FAILED',
    );
    expect(problem.errors?.[0]?.field).toBe('body.endsAt');
    const badZone = { ...festival('bad-zone'), timezone: 'Mars/Olympus' };
    expectProblem(
      await api.post(`/api/v1/orgs/${orgId}/events`, { token: owner.accessToken, body: badZone }),
      422,
      'VALIDATION_FAILED',
    );
  });

  it('walks the status machine, refuses illegal steps with 409 and records every change', async () => {
    const event = await createEvent('status-walk');
    const step = (status: string, reason?: string) =>
      api.post(`/api/v1/events/${event.id}/status`, {
        token: owner.accessToken,
        body: { status, ...(reason ? { reason } : {}) },
      });
    expectProblem(await step('live'), 409, 'ILLEGAL_TRANSITION');
    expect((await step('published')).json().status).toBe('published');
    expect((await step('live')).json().status).toBe('live');
    expectProblem(await step('published'), 409, 'ILLEGAL_TRANSITION');
    expect((await step('cancelled', 'storm warning')).json().status).toBe('cancelled');
    expectProblem(await step('closed'), 409, 'ILLEGAL_TRANSITION');
    const history = (await api.get(`/api/v1/events/${event.id}/status-history`, { token: owner.accessToken })).json()
      .items;
    expect(history.map((h: { from: string | null; to: string }) => [h.from, h.to])).toEqual([
      [null, 'draft'],
      ['draft', 'published'],
      ['published', 'live'],
      ['live', 'cancelled'],
    ]);
    expect(history.at(-1)).toMatchObject({ reason: 'storm warning', actorId: owner.userId });
    const audit = (
      await api.get(`/api/v1/orgs/${orgId}/audit-log?action=event.status_changed`, { token: owner.accessToken })
    ).json();
    expect(audit.items.filter((e: { targetId: string }) => e.targetId === event.id)).toHaveLength(3);
  });

  it.skipIf(!onRealPostgres)('lets exactly one of many concurrent status changes from one status win', async () => {
    const event = await createEvent('race');
    const results = await Promise.all(
      Array.from({ length: 10 }, () =>
        api.post(`/api/v1/events/${event.id}/status`, {
          token: owner.accessToken,
          body: { status: 'published' },
        }),
      ),
    );
    expect(results.filter((r) => r.statusCode === 200)).toHaveLength(1);
    const history = (await api.get(`/api/v1/events/${event.id}/status-history`, { token: owner.accessToken })).json()
      .items;
    expect(history).toHaveLength(2);
  });

  it('lets an organizer manage only the events they run, until they are replaced', async () => {
    const event = await createEvent('run-by-olga');
    const olga = await api.signup();
    await api.addMember(owner.accessToken, orgId, olga, 'organizer');
    const edit = () =>
      api.patch(`/api/v1/events/${event.id}`, { token: olga.accessToken, body: { summary: 'Olga was here' } });
    expectProblem(await edit(), 403, 'FORBIDDEN');
    const assigned = await api.post(`/api/v1/events/${event.id}/organizers`, {
      token: owner.accessToken,
      body: { userId: olga.userId, role: 'co' },
    });
    expect(assigned.statusCode, assigned.body).toBe(201);
    expect(assigned.json()).toMatchObject({ status: 'invited', role: 'co' });
    expectProblem(await edit(), 403, 'FORBIDDEN');
    await api.patch(`/api/v1/events/${event.id}/organizers/${olga.userId}`, {
      token: owner.accessToken,
      body: { status: 'active' },
    });
    expect((await edit()).statusCode).toBe(200);
    // Olga falls sick; the owner takes over and marks her replaced.
    await api.patch(`/api/v1/events/${event.id}/organizers/${olga.userId}`, {
      token: owner.accessToken,
      body: { status: 'unavailable' },
    });
    expectProblem(await edit(), 403, 'FORBIDDEN');
    await api.patch(`/api/v1/events/${event.id}/organizers/${olga.userId}`, {
      token: owner.accessToken,
      body: { status: 'replaced' },
    });
    const organizers = (await api.get(`/api/v1/events/${event.id}/organizers`, { token: owner.accessToken })).json()
      .items;
    expect(organizers.find((o: { userId: string }) => o.userId === olga.userId)).toMatchObject({ status: 'replaced' });
    const audit = (
      await api.get(`/api/v1/orgs/${orgId}/audit-log?action=event.organizer_changed`, { token: owner.accessToken })
    ).json();
    expect(audit.items.length).toBeGreaterThanOrEqual(3);
  });

  it('manages organizers by orgSlug/eventSlug as by id, with the same access rules', async () => {
    const event = await createEvent('by-slug');
    const [olga, vera, stranger] = await Promise.all([api.signup(), api.signup(), api.signup()]);
    for (const [person, role] of [
      [olga, 'organizer'],
      [vera, 'viewer'],
    ] as const) {
      await api.addMember(owner.accessToken, orgId, person, role);
    }
    // Both spellings of the ref: two path segments, and one with an encoded slash.
    const twoSegments = '/api/v1/events/fest-org/by-slug/organizers';
    const encoded = '/api/v1/events/fest-org%2Fby-slug/organizers';
    const assigned = await api.post(twoSegments, {
      token: owner.accessToken,
      body: { userId: olga.userId, role: 'co' },
    });
    expect(assigned.statusCode, assigned.body).toBe(201);
    expect(assigned.json()).toMatchObject({ userId: olga.userId, role: 'co', status: 'invited' });
    const activated = await api.patch(`${twoSegments}/${olga.userId}`, {
      token: owner.accessToken,
      body: { status: 'active' },
    });
    expect(activated.statusCode, activated.body).toBe(200);
    expect(activated.json()).toMatchObject({ userId: olga.userId, status: 'active' });
    const replaced = await api.patch(`${encoded}/${olga.userId}`, {
      token: owner.accessToken,
      body: { status: 'replaced' },
    });
    expect(replaced.statusCode, replaced.body).toBe(200);
    const byId = (await api.get(`/api/v1/events/${event.id}/organizers`, { token: owner.accessToken })).json().items;
    expect(byId.find((o: { userId: string }) => o.userId === olga.userId)).toMatchObject({ status: 'replaced' });
    const bySlug = await api.get(encoded, { token: vera.accessToken });
    expect(bySlug.statusCode, bySlug.body).toBe(200);
    expect(bySlug.json().items).toEqual(byId);

    // The same policy as by id: a viewer reads but does not manage, an outsider does neither.
    expectProblem(
      await api.patch(`${twoSegments}/${olga.userId}`, { token: vera.accessToken, body: { status: 'active' } }),
      403,
      'FORBIDDEN',
    );
    expectProblem(
      await api.post(twoSegments, { token: vera.accessToken, body: { userId: vera.userId, role: 'co' } }),
      403,
      'FORBIDDEN',
    );
    expectProblem(await api.get(twoSegments, { token: stranger.accessToken }), 403, 'FORBIDDEN');
    expectProblem(
      await api.patch(`${twoSegments}/${olga.userId}`, { body: { status: 'active' } }),
      401,
      'UNAUTHENTICATED',
    );
    // A ref that names no event.
    expectProblem(
      await api.patch(`/api/v1/events/fest-org/no-such-event/organizers/${olga.userId}`, {
        token: owner.accessToken,
        body: { status: 'active' },
      }),
      404,
      'NOT_FOUND',
    );
  });

  it('assigns only members of the organization', async () => {
    const event = await createEvent('members-only');
    const stranger = await api.signup();
    const res = await api.post(`/api/v1/events/${event.id}/organizers`, {
      token: owner.accessToken,
      body: { email: stranger.email, role: 'co' },
    });
    expectProblem(res, 422, 'VALIDATION_FAILED');
  });

  it('lists the organization’s events soonest first with a cursor, and filters by status', async () => {
    for (const [i, slug] of ['list-a', 'list-b', 'list-c'].entries()) {
      await api.post(`/api/v1/orgs/${orgId}/events`, {
        token: owner.accessToken,
        body: { ...festival(slug), startsAt: `2028-0${i + 1}-01T10:00:00Z`, endsAt: `2028-0${i + 1}-02T10:00:00Z` },
      });
    }
    const seen: string[] = [];
    let cursor: string | null = null;
    do {
      const url: string = `/api/v1/orgs/${orgId}/events?limit=2${cursor ? `&cursor=${cursor}` : ''}`;
      const body = (await api.get(url, { token: owner.accessToken })).json();
      seen.push(...body.items.map((e: { slug: string }) => e.slug));
      cursor = body.nextCursor;
    } while (cursor);
    expect(new Set(seen).size).toBe(seen.length);
    expect(seen.slice(-3)).toEqual(['list-a', 'list-b', 'list-c']);
    const drafts = (
      await api.get(`/api/v1/orgs/${orgId}/events?status=cancelled`, { token: owner.accessToken })
    ).json();
    expect(drafts.items.every((e: { status: string }) => e.status === 'cancelled')).toBe(true);
    expectProblem(
      await api.get(`/api/v1/orgs/${orgId}/events?cursor=nonsense`, { token: owner.accessToken }),
      422,
      'VALIDATION_FAILED',
    );
  });

  it('deletes an event with its history and organizers', async () => {
    const event = await createEvent('to-delete');
    expect((await api.delete(`/api/v1/events/${event.id}`, { token: owner.accessToken })).statusCode).toBe(204);
    expectProblem(await api.get(`/api/v1/events/${event.id}`, { token: owner.accessToken }), 404, 'NOT_FOUND');
  });
});
