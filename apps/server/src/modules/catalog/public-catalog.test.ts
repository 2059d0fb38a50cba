import { randomUUID } from 'node:crypto';
import { gunzipSync } from 'node:zlib';
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import { servicesOf } from '../../platform/module.ts';
import { Api, expectProblem, type Res, type SignedUp, uniqueIp } from '../../platform/testing/api-test-kit.ts';
import { createTestApp, eventually, type TestApp } from '../../platform/testing/test-app.ts';
import { catalogModule } from './index.ts';
import { RESERVED_EVENT_SLUGS } from './public-visibility.ts';

let t: TestApp;
let api: Api;
let owner: SignedUp;
let outsider: SignedUp;
let orgId: string;
const ORG_SLUG = 'harbour-arts';
const GUIDE_ORIGIN = 'https://guide.example';

const EVENT = {
  kind: 'festival',
  format: 'in_person',
  timezone: 'Europe/Berlin',
  startsAt: '2027-07-01T10:00:00+02:00',
  endsAt: '2027-07-03T23:00:00+02:00',
};

const put = (url: string, body: unknown): Promise<Res> =>
  t.app.inject({
    method: 'PUT',
    url,
    headers: { authorization: `Bearer ${owner.accessToken}` },
    remoteAddress: uniqueIp(),
    payload: body as object,
  });
const post = (url: string, body: unknown) => api.post(url, { token: owner.accessToken, body });
const patch = (url: string, body: unknown) => api.patch(url, { token: owner.accessToken, body });
const member = (url: string, headers: Record<string, string> = {}) =>
  api.get(url, { token: owner.accessToken, headers });
const anon = (url: string, headers: Record<string, string> = {}) => api.get(url, { headers });

async function ok(res: Res, status = 200) {
  expect(res.statusCode, res.body).toBe(status);
  return res.json();
}

async function newEvent(fields: Record<string, unknown> & { name: string }, status?: 'published' | 'cancelled') {
  const event = await ok(
    await post(`/api/v1/orgs/${orgId}/events`, { ...EVENT, slug: `e-${randomUUID().slice(0, 8)}`, ...fields }),
    201,
  );
  if (status) await ok(await post(`/api/v1/events/${event.id}/status`, { status }));
  return event as { id: string; slug: string };
}

let festival: { id: string; slug: string };
let draft: { id: string; slug: string };
let privateEvent: { id: string; slug: string };
let unlisted: { id: string; slug: string };
let cancelled: { id: string; slug: string };
let stageId: string;
let tentId: string;
let jazzTagId: string;
let adaId: string;
let graceId: string;
let openingId: string;
let workshopId: string;
let unscheduledId: string;

beforeAll(async () => {
  // A named CORS origin makes every answer vary by Origin; the caching tests check that it stays so.
  t = await createTestApp({ CORS_ORIGINS: GUIDE_ORIGIN });
  api = new Api(t.app);
  owner = await api.signup();
  outsider = await api.signup();
  orgId = (await ok(await post('/api/v1/orgs', { name: 'Harbour Arts', slug: ORG_SLUG }), 201)).id;

  festival = await newEvent({ name: 'Harbour Festival', summary: 'Music by the water' });
  stageId = (
    await ok(await post(`/api/v1/orgs/${orgId}/locations`, { name: 'Main Stage', place: { town: 'Hamburg' } }), 201)
  ).id;
  tentId = (await ok(await post(`/api/v1/orgs/${orgId}/locations`, { name: 'Tent' }), 201)).id;
  jazzTagId = (await ok(await post(`/api/v1/orgs/${orgId}/tags`, { name: 'Jazz' }), 201)).id;
  const folkTagId = (await ok(await post(`/api/v1/orgs/${orgId}/tags`, { name: 'Folk' }), 201)).id;
  await ok(await put(`/api/v1/events/${festival.id}/tags`, { tagIds: [folkTagId] }));
  adaId = (await ok(await post(`/api/v1/events/${festival.id}/people`, { name: 'Ada Lovelace', sortOrder: 1 }), 201))
    .id;
  graceId = (await ok(await post(`/api/v1/events/${festival.id}/people`, { name: 'Grace Hopper', sortOrder: 2 }), 201))
    .id;
  const session = (title: string, startsAt: string, endsAt: string, extra: Record<string, unknown> = {}) =>
    post(`/api/v1/events/${festival.id}/sessions`, { title, kind: 'talk', startsAt, endsAt, ...extra });
  openingId = (
    await ok(
      await session('Opening', '2027-07-01T11:00:00+02:00', '2027-07-01T12:00:00+02:00', {
        locationId: stageId,
        personIds: [graceId, adaId],
        tagIds: [jazzTagId],
        meetingUrl: 'https://meet.example/secret',
      }),
      201,
    )
  ).id;
  workshopId = (
    await ok(
      await session('Analytical engines', '2027-07-02T01:30:00+02:00', '2027-07-02T03:00:00+02:00', {
        locationId: tentId,
        personIds: [adaId],
      }),
      201,
    )
  ).id;
  unscheduledId = (
    await ok(await post(`/api/v1/events/${festival.id}/sessions`, { title: 'Secret set', kind: 'performance' }), 201)
  ).id;
  await ok(await post(`/api/v1/events/${festival.id}/status`, { status: 'published' }));

  draft = await newEvent({ name: 'Draft Gathering' });
  privateEvent = await newEvent({ name: 'Private Gathering', visibility: 'private' }, 'published');
  unlisted = await newEvent({ name: 'Unlisted Gathering', visibility: 'unlisted' }, 'published');
  cancelled = await newEvent({ name: 'Cancelled Gathering' }, 'cancelled');
  await newEvent(
    {
      name: 'Workshop Weekend',
      kind: 'workshop',
      format: 'online',
      startsAt: '2027-09-01T10:00:00+02:00',
      endsAt: '2027-09-02T10:00:00+02:00',
    },
    'published',
  );
});
afterAll(async () => t?.close());

const names = (res: Res) => (res.json().items as { name: string }[]).map((e) => e.name);

describe('visibility', () => {
  it('lists only published public events, to anyone', async () => {
    const listed = names(await anon('/api/v1/events'));
    expect(listed).toEqual(['Harbour Festival', 'Workshop Weekend']);
  });

  it('hides drafts and private events from the public, by id and by slug (404, not 401/403)', async () => {
    for (const event of [draft, privateEvent]) {
      expectProblem(await anon(`/api/v1/events/${event.id}`), 404, 'NOT_FOUND');
      expectProblem(await anon(`/api/v1/events/${ORG_SLUG}/${event.slug}`), 404, 'NOT_FOUND');
      expectProblem(await anon(`/api/v1/events/${event.id}/sessions`), 404, 'NOT_FOUND');
      expectProblem(await api.get(`/api/v1/events/${event.id}`, { token: outsider.accessToken }), 404, 'NOT_FOUND');
    }
    expectProblem(await anon(`/api/v1/events/${randomUUID()}`), 404, 'NOT_FOUND');
    expectProblem(await anon(`/api/v1/events/${ORG_SLUG}/no-such-event`), 404, 'NOT_FOUND');
  });

  it('shows unlisted and cancelled events by direct link only', async () => {
    for (const event of [unlisted, cancelled]) {
      const byId = await ok(await anon(`/api/v1/events/${event.id}`));
      expect(byId.path).toBe(`${ORG_SLUG}/${event.slug}`);
      await ok(await anon(`/api/v1/events/${ORG_SLUG}/${event.slug}`));
    }
    expect((await ok(await anon(`/api/v1/events/${cancelled.id}`))).status).toBe('cancelled');
  });

  it('lets members read drafts and private events through the same routes', async () => {
    const body = await ok(await member(`/api/v1/events/${ORG_SLUG}/${draft.slug}`));
    expect(body).toMatchObject({
      id: draft.id,
      status: 'draft',
      organization: { slug: ORG_SLUG, name: 'Harbour Arts' },
    });
    await ok(await member(`/api/v1/events/${privateEvent.id}/sessions`));
  });

  it('accepts the slug as two segments or with an encoded slash, and for sub-routes', async () => {
    const a = await ok(await anon(`/api/v1/events/${ORG_SLUG}/${festival.slug}`));
    const b = await ok(await anon(`/api/v1/events/${ORG_SLUG}%2F${festival.slug}`));
    expect(a.id).toBe(festival.id);
    expect(b.id).toBe(festival.id);
    const sessions = await ok(await anon(`/api/v1/events/${ORG_SLUG}/${festival.slug}/sessions`));
    expect(sessions.items).toHaveLength(2);
  });
});

describe('programme for the public', () => {
  it('shows scheduled sessions only, without meeting URLs; members see all', async () => {
    const pub = (await ok(await anon(`/api/v1/events/${festival.id}/sessions`))).items;
    expect(pub.map((s: { id: string }) => s.id)).toEqual([openingId, workshopId]);
    expect(pub[0].meetingUrl).toBeNull();
    const all = (await ok(await member(`/api/v1/events/${festival.id}/sessions`))).items;
    expect(all.map((s: { id: string }) => s.id)).toEqual([openingId, workshopId, unscheduledId]);
    expect(all[0].meetingUrl).toBe('https://meet.example/secret');
    expectProblem(await anon(`/api/v1/sessions/${unscheduledId}`), 404, 'NOT_FOUND');
    expect((await ok(await anon(`/api/v1/sessions/${openingId}`))).meetingUrl).toBeNull();
  });

  it('embeds people, location and tags with include=', async () => {
    const [opening] = (await ok(await anon(`/api/v1/events/${festival.id}/sessions?include=people,location,tags`)))
      .items;
    expect(opening.people.map((p: { name: string }) => p.name)).toEqual(['Ada Lovelace', 'Grace Hopper']);
    expect(opening.location).toMatchObject({ id: stageId, name: 'Main Stage', place: { town: 'Hamburg' } });
    expect(opening.tags.map((x: { name: string }) => x.name)).toEqual(['Jazz']);
    const plain = (await ok(await anon(`/api/v1/events/${festival.id}/sessions`))).items[0];
    expect(plain.people).toBeUndefined();
    const one = await ok(await anon(`/api/v1/sessions/${openingId}?include=location`));
    expect(one.location.name).toBe('Main Stage');
    expect(one.people).toBeUndefined();
    expectProblem(await anon(`/api/v1/events/${festival.id}/sessions?include=nope`), 422, 'VALIDATION_FAILED');
  });

  it('filters by day in the event timezone, tag, location, person, time and text', async () => {
    const ids = async (query: string) =>
      ((await ok(await anon(`/api/v1/events/${festival.id}/sessions?${query}`))).items as { id: string }[]).map(
        (s) => s.id,
      );
    // 01:30 on 2 July in Berlin is still 1 July in UTC: the day is the event's.
    expect(await ids('day=2027-07-02')).toEqual([workshopId]);
    expect(await ids('day=2027-07-01')).toEqual([openingId]);
    expect(await ids(`tag=${jazzTagId}`)).toEqual([openingId]);
    expect(await ids(`location=${tentId}`)).toEqual([workshopId]);
    expect(await ids(`person=${graceId}`)).toEqual([openingId]);
    expect(await ids('from=2027-07-01T12:00:00%2B02:00')).toEqual([workshopId]);
    expect(await ids('to=2027-07-01T12:00:00%2B02:00')).toEqual([openingId]);
    expect(await ids('q=grace')).toEqual([openingId]);
    expect(await ids('q=analytical')).toEqual([workshopId]);
  });

  it('lists people with their public sessions, one person, and the event’s locations', async () => {
    const people = (await ok(await anon(`/api/v1/events/${festival.id}/people?include=sessions`))).items;
    expect(people.map((p: { name: string }) => p.name)).toEqual(['Ada Lovelace', 'Grace Hopper']);
    expect(people[0].sessions.map((s: { id: string }) => s.id)).toEqual([openingId, workshopId]);
    const ada = await ok(await anon(`/api/v1/people/${adaId}?include=sessions`));
    expect(ada.sessions).toHaveLength(2);
    expect((await ok(await anon(`/api/v1/people/${adaId}`))).sessions).toBeUndefined();
    const locations = (await ok(await anon(`/api/v1/events/${festival.id}/locations`))).items;
    expect(locations.map((l: { name: string }) => l.name)).toEqual(['Main Stage', 'Tent']);
  });
});

describe('search and filters', () => {
  it('finds events by a person’s name, a tag, and words of the description; ranked', async () => {
    expect(names(await anon('/api/v1/events?q=lovelace'))).toEqual(['Harbour Festival']);
    expect(names(await anon('/api/v1/events?q=folk'))).toEqual(['Harbour Festival']);
    expect(names(await anon('/api/v1/events?q=water'))).toEqual(['Harbour Festival']);
    expect(names(await anon('/api/v1/events?q=weekend'))).toEqual(['Workshop Weekend']);
    expect(names(await anon('/api/v1/events?q=gathering'))).toEqual([]);
    // websearch syntax: a minus excludes.
    expect(names(await anon('/api/v1/events?q=harbour -folk'))).toEqual([]);
  });

  it('keeps the search document up to date when people and tags change', async () => {
    expect(names(await anon('/api/v1/events?q=hamilton'))).toEqual([]);
    const margaret = (await ok(await post(`/api/v1/events/${festival.id}/people`, { name: 'Margaret Hamilton' }), 201))
      .id;
    expect(names(await anon('/api/v1/events?q=hamilton'))).toEqual(['Harbour Festival']);
    await ok(await patch(`/api/v1/people/${margaret}`, { name: 'Margaret H.' }));
    expect(names(await anon('/api/v1/events?q=hamilton'))).toEqual([]);
    await api.delete(`/api/v1/people/${margaret}`, { token: owner.accessToken });
  });

  it('filters by kind, format, dates, tag, location and organization', async () => {
    expect(names(await anon('/api/v1/events?kind=workshop'))).toEqual(['Workshop Weekend']);
    expect(names(await anon('/api/v1/events?format=online'))).toEqual(['Workshop Weekend']);
    expect(names(await anon('/api/v1/events?from=2027-08-01T00:00:00Z'))).toEqual(['Workshop Weekend']);
    expect(names(await anon('/api/v1/events?to=2027-08-01T00:00:00Z'))).toEqual(['Harbour Festival']);
    expect(names(await anon('/api/v1/events?tag=FOLK'))).toEqual(['Harbour Festival']);
    expect(names(await anon(`/api/v1/events?location=${tentId}`))).toEqual(['Harbour Festival']);
    expect(names(await anon(`/api/v1/events?org=${ORG_SLUG}`))).toHaveLength(2);
    expect(names(await anon('/api/v1/events?org=nobody'))).toEqual([]);
  });

  it('pages with a stable cursor, with and without a search', async () => {
    for (const q of ['', `&q=${encodeURIComponent('harbour or weekend')}`]) {
      const first = await ok(await anon(`/api/v1/events?limit=1${q}`));
      expect(first.items).toHaveLength(1);
      expect(first.nextCursor).toBeTruthy();
      const second = await ok(await anon(`/api/v1/events?limit=1${q}&cursor=${first.nextCursor}`));
      expect(second.items).toHaveLength(1);
      expect(second.items[0].id).not.toBe(first.items[0].id);
      expect(second.nextCursor).toBeNull();
    }
    expectProblem(await anon('/api/v1/events?cursor=garbage'), 422, 'VALIDATION_FAILED');
  });
});

describe('HTTP caching', () => {
  it('answers If-None-Match with 304, and a new ETag with the edit after a change', async () => {
    const url = `/api/v1/events/${festival.id}/sessions?include=people,location,tags`;
    const first = await anon(url);
    const etag = first.headers.etag as string;
    expect(etag).toMatch(/^"[^"]+"$/);
    expect(first.headers['cache-control']).toBe('public, no-cache, stale-if-error=86400');
    expect(first.headers.vary).toContain('Authorization');
    const again = await anon(url, { 'if-none-match': etag });
    expect(again.statusCode).toBe(304);
    expect(again.body).toBe('');
    expect(again.headers.etag).toBe(etag);
    // RFC 9110 §15.4.5: what a cache needs to update its stored answer, no other metadata.
    expect(again.headers['cache-control']).toBe('public, no-cache, stale-if-error=86400');
    expect(again.headers.vary).toContain('Authorization');
    expect(again.headers['content-security-policy']).toBeUndefined();

    await ok(await patch(`/api/v1/sessions/${openingId}`, { title: 'Grand opening' }));
    const after = await anon(url, { 'if-none-match': etag });
    expect(after.statusCode).toBe(200);
    expect(after.headers.etag).not.toBe(etag);
    expect(after.json().items[0].title).toBe('Grand opening');

    // A change to a shared location shows too.
    const before = (await anon(url)).headers.etag as string;
    await ok(await patch(`/api/v1/locations/${stageId}`, { name: 'Big Stage' }));
    const moved = await anon(url, { 'if-none-match': before });
    expect(moved.statusCode).toBe(200);
    expect(moved.json().items[0].location.name).toBe('Big Stage');
  });

  it('sees writes that bypass this process’s HTTP API (database notification)', async () => {
    const url = `/api/v1/events/${festival.id}/sessions`;
    const etag = (await anon(url)).headers.etag as string;
    expect((await anon(url, { 'if-none-match': etag })).statusCode).toBe(304);
    // As another process (a worker, the CLI) would: straight through the service, no HTTP request here.
    await servicesOf(t.app.platform, catalogModule).sessions.update(
      workshopId,
      { title: 'Difference engines' },
      { type: 'system', id: null },
    );
    const fresh = await eventually(async () => {
      const res = await anon(url, { 'if-none-match': etag });
      return res.statusCode === 200 ? res : null;
    }, 2_000);
    expect(fresh.json().items[1].title).toBe('Difference engines');
  });

  it('stops answering a visitor’s tag with 304 once the event is hidden, and never for a signed-in caller’s tag', async () => {
    const url = `/api/v1/events/${festival.id}/people`;
    const etag = (await anon(url)).headers.etag as string;
    expect((await anon(url, { 'if-none-match': etag })).statusCode).toBe(304);
    // A member sending the visitor's tag is a different audience: a full, private answer.
    const asMember = await member(url, { 'if-none-match': etag });
    expect(asMember.statusCode).toBe(200);
    expect(asMember.headers['cache-control']).toBe('private, no-cache');
    await ok(await patch(`/api/v1/events/${festival.id}`, { visibility: 'private' }));
    try {
      expectProblem(await anon(url, { 'if-none-match': etag }), 404, 'NOT_FOUND');
    } finally {
      await ok(await patch(`/api/v1/events/${festival.id}`, { visibility: 'public' }));
    }
  });

  it('gives members private answers with their own ETag', async () => {
    const url = `/api/v1/events/${festival.id}`;
    const pub = await anon(url);
    const mine = await member(url);
    expect(mine.headers['cache-control']).toBe('private, no-cache');
    expect(mine.headers.etag).not.toBe(pub.headers.etag);
    expect((await member(url, { 'if-none-match': mine.headers.etag as string })).statusCode).toBe(304);
  });

  it('keeps large answers gzip-compressed for clients that accept it, as their own representation', async () => {
    const url = `/api/v1/events/${festival.id}/people?include=sessions`;
    const plain = await anon(url);
    const zipped = await t.app.inject({ method: 'GET', url, headers: { 'accept-encoding': 'gzip, br' } });
    expect(zipped.headers['content-encoding']).toBe('gzip');
    expect(zipped.headers.vary).toContain('Accept-Encoding');
    expect(gunzipSync(zipped.rawPayload).toString()).toBe(plain.body);
    expect(zipped.headers.etag).not.toBe(plain.headers.etag);
    const again = await t.app.inject({
      method: 'GET',
      url,
      headers: { 'accept-encoding': 'gzip', 'if-none-match': zipped.headers.etag as string },
    });
    expect(again.statusCode).toBe(304);
    expect(again.headers.etag).toBe(zipped.headers.etag);
    const refused = await t.app.inject({ method: 'GET', url, headers: { 'accept-encoding': 'gzip;q=0' } });
    expect(refused.headers['content-encoding']).toBeUndefined();
  });

  it('answers repeated anonymous reads from memory with exactly the answer the route gave', async () => {
    const url = `/api/v1/events/${festival.id}/sessions?include=people,location,tags&day=2027-07-01`;
    const comparable = (res: Res) => {
      const { 'x-request-id': _id, date: _date, ...headers } = res.headers;
      return { status: res.statusCode, headers, body: res.rawPayload.toString('base64') };
    };
    for (const encoding of ['identity', 'gzip']) {
      const headers = { 'accept-encoding': encoding };
      const built = await anon(url, headers);
      expect(built.statusCode).toBe(200);
      // The early answer skips the access gate, which would look the event up.
      const lookups = vi.spyOn(servicesOf(t.app.platform, catalogModule).events, 'resolveRef');
      try {
        const remembered = await anon(url, headers);
        expect(lookups).not.toHaveBeenCalled();
        expect(comparable(remembered)).toEqual(comparable(built));
        expect(remembered.headers['content-security-policy']).toBe("default-src 'none'; frame-ancestors 'none'");
        const revalidated = await anon(url, { ...headers, 'if-none-match': built.headers.etag as string });
        expect(revalidated.statusCode).toBe(304);
        expect(lookups).not.toHaveBeenCalled();
      } finally {
        lookups.mockRestore();
      }
    }
    // A query the route refuses is never remembered: it is refused every time.
    for (let i = 0; i < 2; i++) {
      expectProblem(await anon(`/api/v1/events/${festival.id}/sessions?day=not-a-day`), 422, 'VALIDATION_FAILED');
    }
  });

  it('keeps answers varying by Origin when CORS names origins, and lets cross-origin callers read', async () => {
    const url = `/api/v1/events/${festival.id}/locations`;
    const first = await anon(url);
    const remembered = await anon(url);
    for (const res of [first, remembered]) {
      expect(res.headers.vary).toContain('Origin');
      expect(res.headers.vary).toContain('Authorization');
    }
    const crossOrigin = await anon(url, { origin: GUIDE_ORIGIN });
    expect(crossOrigin.statusCode).toBe(200);
    expect(crossOrigin.headers['access-control-allow-origin']).toBe(GUIDE_ORIGIN);
    expect(crossOrigin.headers.vary).toContain('Origin');
    expect(crossOrigin.headers.vary).toContain('Accept-Encoding');
    expect(crossOrigin.headers.etag).toBe(first.headers.etag);
    const revalidated = await anon(url, { origin: GUIDE_ORIGIN, 'if-none-match': first.headers.etag as string });
    expect(revalidated.statusCode).toBe(304);
    expect(revalidated.headers['access-control-allow-origin']).toBe(GUIDE_ORIGIN);
  });

  it('gives the event list an ETag of its content', async () => {
    const first = await anon('/api/v1/events');
    expect((await anon('/api/v1/events', { 'if-none-match': first.headers.etag as string })).statusCode).toBe(304);
  });
});

describe('event rules', () => {
  it('refuses event slugs that would read as a sub-route', async () => {
    for (const slug of ['sessions', 'people', 'status-history', 'duplicate']) {
      expectProblem(await post(`/api/v1/orgs/${orgId}/events`, { ...EVENT, name: 'X', slug }), 422, 'SLUG_RESERVED');
    }
    expectProblem(await patch(`/api/v1/events/${draft.id}`, { slug: 'locations' }), 422, 'SLUG_RESERVED');
  });

  it('reserves every sub-route name of /events/{eventId}/… (a new sub-route must be added to the list)', () => {
    const subRoutes = t.app.platform.access.routes
      .map((r) => /^\/api\/v1\/events\/:eventId\/([^/]+)/.exec(r.url)?.[1])
      .filter((x): x is string => Boolean(x));
    expect(subRoutes.length).toBeGreaterThan(5);
    for (const name of new Set(subRoutes)) expect(RESERVED_EVENT_SLUGS, name).toContain(name);
  });

  it('refuses new dates that would leave sessions outside the event, naming them', async () => {
    const problem = expectProblem(
      await patch(`/api/v1/events/${festival.id}`, { startsAt: '2027-07-01T12:00:00+02:00' }),
      409,
      'SESSIONS_OUTSIDE_EVENT',
    );
    expect(problem.errors?.map((e) => e.field)).toEqual([`sessions.${openingId}`]);
    // Dates that still hold every session are fine.
    await ok(await patch(`/api/v1/events/${festival.id}`, { endsAt: '2027-07-04T23:00:00+02:00' }));
  });
});
