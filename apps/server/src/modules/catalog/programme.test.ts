import { randomUUID } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { Api, expectProblem, type Res, type SignedUp, uniqueIp } from '../../platform/testing/api-test-kit.ts';
import { createTestApp, type TestApp } from '../../platform/testing/test-app.ts';

let t: TestApp;
let api: Api;
let owner: SignedUp;
let orgId: string;
let otherOrgId: string;
let eventId: string;

const EVENT = {
  name: 'Harbour Festival',
  kind: 'festival',
  format: 'in_person',
  timezone: 'Europe/Berlin',
  startsAt: '2027-07-01T10:00:00+02:00',
  endsAt: '2027-07-03T23:00:00+02:00',
};

const token = () => owner.accessToken;
const put = (url: string, body: unknown): Promise<Res> =>
  t.app.inject({
    method: 'PUT',
    url,
    headers: { authorization: `Bearer ${token()}` },
    remoteAddress: uniqueIp(),
    payload: body as object,
  });
const post = (url: string, body: unknown) => api.post(url, { token: token(), body });
const get = (url: string) => api.get(url, { token: token() });
const patch = (url: string, body: unknown) => api.patch(url, { token: token(), body });
const del = (url: string) => api.delete(url, { token: token() });

async function created(res: Res) {
  expect(res.statusCode, res.body).toBe(201);
  return res.json();
}
async function newEvent(org = orgId) {
  return (await created(await post(`/api/v1/orgs/${org}/events`, { ...EVENT, slug: `e-${randomUUID().slice(0, 8)}` })))
    .id as string;
}
const newLocation = async (name: string, org = orgId) =>
  (await created(await post(`/api/v1/orgs/${org}/locations`, { name }))).id as string;
const newTag = async (name: string, org = orgId) =>
  (await created(await post(`/api/v1/orgs/${org}/tags`, { name }))).id as string;
const newPerson = async (name: string, event = eventId) =>
  (await created(await post(`/api/v1/events/${event}/people`, { name }))).id as string;
const auditActions = async (action: string, targetId: string) =>
  (await get(`/api/v1/orgs/${orgId}/audit-log?action=${action}&targetId=${targetId}`)).json().items as unknown[];

beforeAll(async () => {
  t = await createTestApp();
  api = new Api(t.app);
  owner = await api.signup();
  orgId = (await post('/api/v1/orgs', { name: 'Programme Org', slug: 'programme-org' })).json().id;
  otherOrgId = (await post('/api/v1/orgs', { name: 'Other Org', slug: 'other-programme-org' })).json().id;
  eventId = await newEvent();
});
afterAll(async () => t?.close());

describe('locations', () => {
  it('creates, reads, edits and lists locations with their place', async () => {
    const location = await created(
      await post(`/api/v1/orgs/${orgId}/locations`, {
        name: 'Main Stage',
        openAir: true,
        place: { street: 'Hafenstraße 1', zip: '20457', town: 'Hamburg', country: 'DE', lat: 53.54, lon: 9.98 },
      }),
    );
    expect(location).toMatchObject({
      name: 'Main Stage',
      openAir: true,
      accessible: false,
      place: { town: 'Hamburg', country: 'DE', lat: 53.54, streetAddition: null, description: null },
      links: [],
    });
    const edited = await patch(`/api/v1/locations/${location.id}`, {
      accessible: true,
      place: { description: 'By the water' },
    });
    expect(edited.statusCode, edited.body).toBe(200);
    expect(edited.json()).toMatchObject({ accessible: true, place: { town: 'Hamburg', description: 'By the water' } });
    await newLocation('Attic');
    const names = (await get(`/api/v1/orgs/${orgId}/locations`)).json().items.map((l: { name: string }) => l.name);
    expect(names.indexOf('Attic')).toBeLessThan(names.indexOf('Main Stage'));
    expect(await auditActions('location.updated', location.id)).toHaveLength(1);
  });

  it('refuses a duplicate name with 409 and a bad country or latitude with 422', async () => {
    await newLocation('Tent');
    expectProblem(await post(`/api/v1/orgs/${orgId}/locations`, { name: 'Tent' }), 409, 'CONFLICT');
    const bad = expectProblem(
      await post(`/api/v1/orgs/${orgId}/locations`, { name: 'Nowhere', place: { country: 'Germany', lat: 91 } }),
      422,
      'VALIDATION_FAILED',
    );
    expect(bad.errors?.map((e) => e.field).sort()).toEqual(['body.place.country', 'body.place.lat']);
  });

  it('keeps a deleted location’s sessions, without a location', async () => {
    const locationId = await newLocation('Doomed Hall');
    const session = await created(
      await post(`/api/v1/events/${eventId}/sessions`, { title: 'In the hall', kind: 'talk', locationId }),
    );
    expect(session.locationId).toBe(locationId);
    expect((await del(`/api/v1/locations/${locationId}`)).statusCode).toBe(204);
    expect((await get(`/api/v1/sessions/${session.id}`)).json().locationId).toBeNull();
    expectProblem(await get(`/api/v1/locations/${locationId}`), 404, 'NOT_FOUND');
    expect(await auditActions('location.deleted', locationId)).toHaveLength(1);
  });
});

describe('tags', () => {
  it('keeps names unique regardless of case (409 CONFLICT), lists by name and deletes', async () => {
    const jazz = await newTag('Jazz');
    const conflict = expectProblem(await post(`/api/v1/orgs/${orgId}/tags`, { name: 'jAZZ' }), 409, 'CONFLICT');
    expect(conflict.errors?.[0]?.field).toBe('body.name');
    // Another organization may use the same name.
    await newTag('jazz', otherOrgId);
    await newTag('ambient');
    const names = (await get(`/api/v1/orgs/${orgId}/tags`)).json().items.map((x: { name: string }) => x.name);
    expect(names.indexOf('ambient')).toBeLessThan(names.indexOf('Jazz'));
    expect((await del(`/api/v1/tags/${jazz}`)).statusCode).toBe(204);
    expect(await auditActions('tag.deleted', jazz)).toHaveLength(1);
    expectProblem(await del(`/api/v1/tags/${jazz}`), 404, 'NOT_FOUND');
  });

  it('replaces an event’s tags, only with tags of its organization', async () => {
    const [a, b] = [await newTag('family'), await newTag('outdoor')];
    const foreign = await newTag('foreign', otherOrgId);
    const res = await put(`/api/v1/events/${eventId}/tags`, { tagIds: [b, a, a] });
    expect(res.statusCode, res.body).toBe(200);
    expect(res.json().items.map((x: { name: string }) => x.name)).toEqual(['family', 'outdoor']);
    const bad = expectProblem(
      await put(`/api/v1/events/${eventId}/tags`, { tagIds: [a, foreign] }),
      422,
      'VALIDATION_FAILED',
    );
    expect(bad.errors?.[0]).toMatchObject({ field: 'body.tagIds', code: 'unknown_tag' });
    const event = (await get(`/api/v1/events/${eventId}`)).json();
    expect(event.tags.map((x: { id: string }) => x.id).sort()).toEqual([a, b].sort());
    // Deleting a tag takes it off the event.
    await del(`/api/v1/tags/${a}`);
    expect((await get(`/api/v1/events/${eventId}`)).json().tags.map((x: { id: string }) => x.id)).toEqual([b]);
  });
});

describe('people', () => {
  it('creates, orders, edits and deletes people, taking them off sessions', async () => {
    const event = await newEvent();
    const zoe = await created(await post(`/api/v1/events/${event}/people`, { name: 'Zoe', sortOrder: 1 }));
    const bea = await created(
      await post(`/api/v1/events/${event}/people`, { name: 'Bea', bio: 'Cellist', userId: owner.userId }),
    );
    expect(bea).toMatchObject({ name: 'Bea', bio: 'Cellist', userId: owner.userId, sortOrder: 0, links: [] });
    const amy = await newPerson('Amy', event);
    const order = (await get(`/api/v1/events/${event}/people`)).json().items.map((p: { name: string }) => p.name);
    expect(order).toEqual(['Amy', 'Bea', 'Zoe']);
    const edited = await patch(`/api/v1/people/${zoe.id}`, { sortOrder: 0, image: 'media/zoe.jpg', userId: null });
    expect(edited.json()).toMatchObject({ sortOrder: 0, image: 'media/zoe.jpg' });
    expectProblem(await patch(`/api/v1/people/${zoe.id}`, { userId: randomUUID() }), 422, 'VALIDATION_FAILED');
    // A real account, but not of a member: a stranger is not linked to a speaker profile.
    const stranger = await api.signup();
    const refused = await patch(`/api/v1/people/${zoe.id}`, { userId: stranger.userId });
    expect(expectProblem(refused, 422, 'VALIDATION_FAILED').errors).toEqual([
      expect.objectContaining({ field: 'body.userId', code: 'not_a_member' }),
    ]);
    expectProblem(
      await post(`/api/v1/events/${event}/people`, { name: 'Eve', userId: stranger.userId }),
      422,
      'VALIDATION_FAILED',
    );
    expect((await get(`/api/v1/people/${zoe.id}`)).json().userId).toBeNull();
    const session = await created(
      await post(`/api/v1/events/${event}/sessions`, { title: 'Duo', kind: 'performance', personIds: [amy, zoe.id] }),
    );
    expect(session.personIds.sort()).toEqual([amy, zoe.id].sort());
    expect((await del(`/api/v1/people/${amy}`)).statusCode).toBe(204);
    expect((await get(`/api/v1/sessions/${session.id}`)).json().personIds).toEqual([zoe.id]);
    expectProblem(await get(`/api/v1/people/${amy}`), 404, 'NOT_FOUND');
    expect(await auditActions('person.created', bea.id)).toHaveLength(1);
    expect(await auditActions('person.deleted', amy)).toHaveLength(1);
  });
});

describe('sessions', () => {
  const talk = (extra: Record<string, unknown> = {}) => ({
    title: 'Keynote',
    kind: 'keynote',
    startsAt: '2027-07-01T12:00:00+02:00',
    endsAt: '2027-07-01T13:00:00+02:00',
    ...extra,
  });

  it('creates a scheduled session with location, people and tags, edits and deletes it', async () => {
    const locationId = await newLocation('Harbour Hall');
    const personId = await newPerson('Grace');
    const tagId = await newTag('keynotes');
    const session = await created(
      await post(`/api/v1/events/${eventId}/sessions`, talk({ locationId, personIds: [personId], tagIds: [tagId] })),
    );
    expect(session).toMatchObject({
      eventId,
      organizationId: orgId,
      isScheduled: true,
      startsAt: '2027-07-01T10:00:00.000Z',
      locationId,
      personIds: [personId],
      tagIds: [tagId],
      streamUrl: null,
    });
    const edited = await patch(`/api/v1/sessions/${session.id}`, {
      title: 'Opening keynote',
      tagIds: [],
      streamUrl: 'https://stream.example.org/live',
    });
    expect(edited.statusCode, edited.body).toBe(200);
    expect(edited.json()).toMatchObject({ title: 'Opening keynote', tagIds: [], personIds: [personId] });
    expect((await del(`/api/v1/sessions/${session.id}`)).statusCode).toBe(204);
    expectProblem(await get(`/api/v1/sessions/${session.id}`), 404, 'NOT_FOUND');
    for (const action of ['session.created', 'session.updated', 'session.deleted']) {
      expect(await auditActions(action, session.id)).toHaveLength(1);
    }
  });

  it('refuses times outside the event or backwards with 422 naming the field', async () => {
    const before = expectProblem(
      await post(`/api/v1/events/${eventId}/sessions`, talk({ startsAt: '2027-07-01T09:00:00+02:00' })),
      422,
      'VALIDATION_FAILED',
    );
    expect(before.errors).toEqual([expect.objectContaining({ field: 'body.startsAt', code: 'outside_event' })]);
    const after = expectProblem(
      await post(`/api/v1/events/${eventId}/sessions`, talk({ endsAt: '2027-07-04T01:00:00+02:00' })),
      422,
      'VALIDATION_FAILED',
    );
    expect(after.errors).toEqual([expect.objectContaining({ field: 'body.endsAt', code: 'outside_event' })]);
    const backwards = expectProblem(
      await post(`/api/v1/events/${eventId}/sessions`, talk({ endsAt: '2027-07-01T11:00:00+02:00' })),
      422,
      'VALIDATION_FAILED',
    );
    expect(backwards.errors?.[0]).toMatchObject({ field: 'body.endsAt', code: 'ends_before_start' });
    const session = await created(await post(`/api/v1/events/${eventId}/sessions`, talk()));
    const moved = expectProblem(
      await patch(`/api/v1/sessions/${session.id}`, { endsAt: '2027-07-05T10:00:00+02:00' }),
      422,
      'VALIDATION_FAILED',
    );
    expect(moved.errors?.[0]?.field).toBe('body.endsAt');
    expectProblem(
      await post(`/api/v1/events/${eventId}/sessions`, { title: 'Floating', kind: 'other', isScheduled: true }),
      422,
      'VALIDATION_FAILED',
    );
  });

  it('refuses a location, person or tag from elsewhere with 422', async () => {
    const foreignLocation = await newLocation('Elsewhere', otherOrgId);
    const foreignTag = await newTag('elsewhere', otherOrgId);
    const otherEvent = await newEvent();
    const foreignPerson = await newPerson('Stranger', otherEvent);
    const cases: [Record<string, unknown>, string, string][] = [
      [{ locationId: foreignLocation }, 'body.locationId', 'unknown_location'],
      [{ locationId: randomUUID() }, 'body.locationId', 'unknown_location'],
      [{ personIds: [foreignPerson] }, 'body.personIds', 'unknown_person'],
      [{ tagIds: [foreignTag] }, 'body.tagIds', 'unknown_tag'],
    ];
    for (const [extra, field, code] of cases) {
      const problem = expectProblem(
        await post(`/api/v1/events/${eventId}/sessions`, talk(extra)),
        422,
        'VALIDATION_FAILED',
      );
      expect(problem.errors?.[0]).toMatchObject({ field, code });
    }
  });

  it('lists the event’s sessions by start, unscheduled last', async () => {
    const event = await newEvent();
    const at = (day: number, hour: number) => `2027-07-0${day}T${String(hour).padStart(2, '0')}:00:00+02:00`;
    await post(`/api/v1/events/${event}/sessions`, {
      title: 'Later',
      kind: 'talk',
      startsAt: at(2, 12),
      endsAt: at(2, 13),
    });
    await post(`/api/v1/events/${event}/sessions`, { title: 'Someday', kind: 'workshop' });
    await post(`/api/v1/events/${event}/sessions`, {
      title: 'First',
      kind: 'talk',
      startsAt: at(1, 12),
      endsAt: at(1, 13),
    });
    const items = (await get(`/api/v1/events/${event}/sessions`)).json().items;
    expect(items.map((x: { title: string }) => x.title)).toEqual(['First', 'Later', 'Someday']);
    expect(items[2]).toMatchObject({ isScheduled: false, startsAt: null, endsAt: null });
  });

  it('answers 404 for an unknown session, person or location', async () => {
    expectProblem(await get(`/api/v1/sessions/${randomUUID()}`), 404, 'NOT_FOUND');
    expectProblem(await patch(`/api/v1/people/${randomUUID()}`, { name: 'X' }), 404, 'NOT_FOUND');
    expectProblem(await del(`/api/v1/locations/${randomUUID()}`), 404, 'NOT_FOUND');
    // Sessions are readable by the public (of public events), so an unknown one is a 404 to anyone.
    expectProblem(await api.get(`/api/v1/sessions/${randomUUID()}`), 404, 'NOT_FOUND');
  });

  it('goes with its event, and so do the event’s people and links', async () => {
    const event = await newEvent();
    const session = await created(await post(`/api/v1/events/${event}/sessions`, { title: 'S', kind: 'break' }));
    const personId = await newPerson('P', event);
    await put(`/api/v1/people/${personId}/links`, { links: [{ url: 'https://p.example', service: 'website' }] });
    expect((await del(`/api/v1/events/${event}`)).statusCode).toBe(204);
    expectProblem(await get(`/api/v1/sessions/${session.id}`), 404, 'NOT_FOUND');
    expectProblem(await get(`/api/v1/people/${personId}`), 404, 'NOT_FOUND');
    const { links } = await import('./schema.ts');
    const { eq } = await import('drizzle-orm');
    const left = await t.app.platform.database.db.select().from(links).where(eq(links.ownerId, personId));
    expect(left).toEqual([]);
  });
});

describe('links', () => {
  it('replaces the links of an event, a person and a location, shown with their owner', async () => {
    const personId = await newPerson('Linked');
    const locationId = await newLocation('Linked Hall');
    const set = [
      { url: 'https://band.example', service: 'website' },
      { url: 'mailto:hello@band.example', service: 'email' },
      { url: '+49 40 123456', service: 'phone' },
      { url: 'https://www.youtube.com/@band', service: 'youtube' },
    ];
    for (const [url, read] of [
      [`/api/v1/events/${eventId}/links`, `/api/v1/events/${eventId}`],
      [`/api/v1/people/${personId}/links`, `/api/v1/people/${personId}`],
      [`/api/v1/locations/${locationId}/links`, `/api/v1/locations/${locationId}`],
    ] as const) {
      const res = await put(url, { links: set });
      expect(res.statusCode, res.body).toBe(200);
      expect(res.json().items.map((l: { service: string }) => l.service)).toEqual([
        'website',
        'email',
        'phone',
        'youtube',
      ]);
      expect((await get(read)).json().links).toHaveLength(4);
      await put(url, { links: [{ url: 'https://only.example', service: 'other' }] });
      expect((await get(read)).json().links).toEqual([
        expect.objectContaining({ url: 'https://only.example', service: 'other' }),
      ]);
    }
    const people = (await get(`/api/v1/events/${eventId}/people`)).json().items;
    expect(people.find((p: { id: string }) => p.id === personId).links).toHaveLength(1);
    expect(await auditActions('person.links_replaced', personId)).toHaveLength(2);
  });

  it('refuses an unknown service or a URL that does not fit it', async () => {
    const url = `/api/v1/events/${eventId}/links`;
    const unknown = expectProblem(
      await put(url, { links: [{ url: 'https://x.example', service: 'myspace' }] }),
      422,
      'VALIDATION_FAILED',
    );
    expect(unknown.errors?.[0]?.field).toBe('body.links.0.service');
    for (const link of [
      { url: 'not an address', service: 'email' },
      { url: 'call me', service: 'phone' },
      { url: 'javascript:alert(1)', service: 'website' },
      { url: 'ftp://x.example', service: 'instagram' },
    ]) {
      const problem = expectProblem(await put(url, { links: [link] }), 422, 'VALIDATION_FAILED');
      expect(problem.errors?.[0]?.field).toBe('body.links.0.url');
    }
  });
});
