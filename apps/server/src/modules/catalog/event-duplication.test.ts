import { randomUUID } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { Api, expectProblem, type Res, type SignedUp, uniqueIp } from '../../platform/testing/api-test-kit.ts';
import { createTestApp, type TestApp } from '../../platform/testing/test-app.ts';
import { memberships } from '../organizations/index.ts';

let t: TestApp;
let api: Api;
let owner: SignedUp;
let orgId: string;

const DAY = 86_400_000;
const token = () => owner.accessToken;
const post = (url: string, body: unknown, as = token()) => api.post(url, { token: as, body });
const get = (url: string) => api.get(url, { token: token() });
const put = (url: string, body: unknown): Promise<Res> =>
  t.app.inject({
    method: 'PUT',
    url,
    headers: { authorization: `Bearer ${token()}` },
    remoteAddress: uniqueIp(),
    payload: body as object,
  });
async function ok(res: Res, status = 201) {
  expect(res.statusCode, res.body).toBe(status);
  return res.json();
}
const ms = (iso: string | null) => (iso === null ? null : new Date(iso).getTime());

interface Snapshot {
  // biome-ignore lint/suspicious/noExplicitAny: API answers as parsed JSON
  detail: any;
  // biome-ignore lint/suspicious/noExplicitAny: API answers as parsed JSON
  sessions: any[];
  // biome-ignore lint/suspicious/noExplicitAny: API answers as parsed JSON
  people: any[];
}
async function snapshot(eventId: string): Promise<Snapshot> {
  return {
    detail: await ok(await get(`/api/v1/events/${eventId}`), 200),
    sessions: (await ok(await get(`/api/v1/events/${eventId}/sessions`), 200)).items,
    people: (await ok(await get(`/api/v1/events/${eventId}/people`), 200)).items,
  };
}

/** A festival in Berlin summer: 3 sessions (one unscheduled), 2 people with links, tags, links, a location. */
async function festival() {
  const event = await ok(
    await post(`/api/v1/orgs/${orgId}/events`, {
      name: 'Harbour Festival',
      slug: `harbour-${randomUUID().slice(0, 8)}`,
      kind: 'festival',
      format: 'hybrid',
      timezone: 'Europe/Berlin',
      startsAt: '2027-07-01T10:00:00+02:00',
      endsAt: '2027-07-03T23:00:00+02:00',
      summary: 'Three days by the water',
      priceText: '25 €',
      capacity: 500,
      registration: {
        opensAt: '2027-05-01T09:00:00+02:00',
        closesAt: '2027-06-30T18:00:00+02:00',
        waitlistEnabled: true,
      },
      cpd: { creditType: 'CPD', creditValue: 6 },
    }),
  );
  const location = await ok(await post(`/api/v1/orgs/${orgId}/locations`, { name: `Pier ${randomUUID()}` }));
  const [music, talk] = [
    await ok(await post(`/api/v1/orgs/${orgId}/tags`, { name: `music ${randomUUID().slice(0, 6)}` })),
    await ok(await post(`/api/v1/orgs/${orgId}/tags`, { name: `talk ${randomUUID().slice(0, 6)}` })),
  ];
  await ok(await put(`/api/v1/events/${event.id}/tags`, { tagIds: [music.id, talk.id] }), 200);
  await ok(
    await put(`/api/v1/events/${event.id}/links`, {
      links: [
        { url: 'https://harbour.example.org', service: 'website' },
        { url: 'https://instagram.com/harbour', service: 'instagram' },
      ],
    }),
    200,
  );
  const ada = await ok(await post(`/api/v1/events/${event.id}/people`, { name: 'Ada', bio: 'Keynote', sortOrder: 1 }));
  const grace = await ok(await post(`/api/v1/events/${event.id}/people`, { name: 'Grace', sortOrder: 2 }));
  await ok(
    await put(`/api/v1/people/${ada.id}/links`, { links: [{ url: 'https://ada.example.org', service: 'website' }] }),
    200,
  );
  const sessions = [
    await ok(
      await post(`/api/v1/events/${event.id}/sessions`, {
        title: 'Opening',
        kind: 'keynote',
        startsAt: '2027-07-01T12:00:00+02:00',
        endsAt: '2027-07-01T13:00:00+02:00',
        isScheduled: true,
        locationId: location.id,
        personIds: [ada.id],
        tagIds: [talk.id],
      }),
    ),
    await ok(
      await post(`/api/v1/events/${event.id}/sessions`, {
        title: 'Night concert',
        kind: 'performance',
        startsAt: '2027-07-02T21:30:00+02:00',
        endsAt: '2027-07-02T23:00:00+02:00',
        locationId: location.id,
        personIds: [ada.id, grace.id],
        tagIds: [music.id],
      }),
    ),
    await ok(
      await post(`/api/v1/events/${event.id}/sessions`, { title: 'Jam (tbd)', kind: 'other', personIds: [grace.id] }),
    ),
  ];
  return { event, location, tags: [music, talk], people: [ada, grace], sessions };
}

/** Checks that `copy` is `source` with new ids, and every date `offset` ms later. */
function expectShiftedCopy(source: Snapshot, copy: Snapshot, offset: number) {
  const s = source.detail;
  const c = copy.detail;
  expect(c.id).not.toBe(s.id);
  expect(c.status).toBe('draft');
  for (const field of ['kind', 'format', 'timezone', 'summary', 'description', 'priceText', 'capacity', 'cpd']) {
    expect(c[field], field).toEqual(s[field]);
  }
  expect(ms(c.startsAt)).toBe(ms(s.startsAt)! + offset);
  expect(ms(c.endsAt)).toBe(ms(s.endsAt)! + offset);
  expect(ms(c.registration.opensAt)).toBe(ms(s.registration.opensAt)! + offset);
  expect(ms(c.registration.closesAt)).toBe(ms(s.registration.closesAt)! + offset);
  expect(c.registration.waitlistEnabled).toBe(s.registration.waitlistEnabled);
  // Tags are the organization's own: the same ids. Links are new rows.
  expect(c.tags.map((x: { id: string }) => x.id)).toEqual(s.tags.map((x: { id: string }) => x.id));
  const strip = (ls: { id: string; url: string; service: string }[]) =>
    ls.map(({ url, service }) => ({ url, service }));
  expect(strip(c.links)).toEqual(strip(s.links));
  expect(c.links.every((l: { id: string }) => !s.links.some((o: { id: string }) => o.id === l.id))).toBe(true);

  // People: same content, new ids and link ids, belonging to the copy.
  expect(copy.people.map((p) => p.name)).toEqual(source.people.map((p) => p.name));
  const personMap = new Map<string, string>();
  source.people.forEach((p, i) => {
    const q = copy.people[i];
    expect(q.id).not.toBe(p.id);
    expect(q.eventId).toBe(c.id);
    expect({ bio: q.bio, sortOrder: q.sortOrder, links: strip(q.links) }).toEqual({
      bio: p.bio,
      sortOrder: p.sortOrder,
      links: strip(p.links),
    });
    for (const l of q.links) expect(p.links.map((o: { id: string }) => o.id)).not.toContain(l.id);
    personMap.set(p.id, q.id);
  });

  // Sessions: same content, dates shifted exactly, location kept, people mapped to the copied people.
  const byTitle = new Map(copy.sessions.map((x) => [x.title, x]));
  expect(copy.sessions).toHaveLength(source.sessions.length);
  for (const o of source.sessions) {
    const n = byTitle.get(o.title);
    expect(n, o.title).toBeDefined();
    expect(n.id).not.toBe(o.id);
    expect(n.eventId).toBe(c.id);
    expect(ms(n.startsAt)).toBe(o.startsAt === null ? null : ms(o.startsAt)! + offset);
    expect(ms(n.endsAt)).toBe(o.endsAt === null ? null : ms(o.endsAt)! + offset);
    expect({ kind: n.kind, locationId: n.locationId, isScheduled: n.isScheduled }).toEqual({
      kind: o.kind,
      locationId: o.locationId,
      isScheduled: o.isScheduled,
    });
    expect([...n.tagIds].sort()).toEqual([...o.tagIds].sort());
    expect([...n.personIds].sort()).toEqual(o.personIds.map((id: string) => personMap.get(id)).sort());
  }
}

beforeAll(async () => {
  t = await createTestApp();
  api = new Api(t.app);
  owner = await api.signup();
  orgId = (await post('/api/v1/orgs', { name: 'Dup Org', slug: `dup-org-${randomUUID().slice(0, 6)}` })).json().id;
});
afterAll(async () => t?.close());

describe('duplicating an event', () => {
  it('copies a festival one year later as a draft, every date shifted, the source unchanged', async () => {
    const f = await festival();
    // The source has moved on: published, with a status history of its own.
    await ok(await post(`/api/v1/events/${f.event.id}/status`, { status: 'published' }), 200);
    const before = await snapshot(f.event.id);

    const copy = await ok(
      await post(`/api/v1/events/${f.event.id}/duplicate`, {
        name: 'Harbour Festival 2028',
        slug: `harbour-2028-${randomUUID().slice(0, 6)}`,
        startsAt: '2028-07-01T10:00:00+02:00',
      }),
    );
    expect(copy).toMatchObject({
      status: 'draft',
      name: 'Harbour Festival 2028',
      startsAt: '2028-07-01T08:00:00.000Z',
    });
    // 2028 is a leap year: 366 days.
    expectShiftedCopy(before, await snapshot(copy.id), 366 * DAY);

    // Own history and organizers; registrations are not copied (none exist anyway).
    const history = (await ok(await get(`/api/v1/events/${copy.id}/status-history`), 200)).items;
    expect(history).toEqual([expect.objectContaining({ from: null, to: 'draft', actorId: owner.userId })]);
    const organizers = (await ok(await get(`/api/v1/events/${copy.id}/organizers`), 200)).items;
    expect(organizers).toEqual([expect.objectContaining({ userId: owner.userId, role: 'lead', status: 'active' })]);

    const audit = (
      await ok(await get(`/api/v1/orgs/${orgId}/audit-log?action=event.duplicated&targetId=${copy.id}`), 200)
    ).items;
    expect(audit).toEqual([expect.objectContaining({ metadata: { sourceEventId: f.event.id } })]);

    // The source is exactly as it was.
    expect(await snapshot(f.event.id)).toEqual(before);
    expect((await ok(await get(`/api/v1/events/${f.event.id}/status-history`), 200)).items).toHaveLength(2);
  });

  it('copies the registration form: questions and requirements, and marks mandatory sessions', async () => {
    const f = await festival();
    const q = `/api/v1/events/${f.event.id}/questions`;
    await ok(await post(q, { label: 'Diet', kind: 'single_choice', options: ['vegan', 'any'], required: true }));
    await ok(await post(q, { label: 'Notes', kind: 'long_text', sortOrder: 2 }));
    await ok(
      await post(`/api/v1/events/${f.event.id}/requirements`, {
        key: 'own-laptop',
        label: 'Your laptop',
        kind: 'equipment',
      }),
    );
    const mandatory = f.sessions[0]!;
    const marked = await t.app.inject({
      method: 'PATCH',
      url: `/api/v1/sessions/${mandatory.id}`,
      headers: { authorization: `Bearer ${token()}` },
      payload: { mandatory: true },
    });
    expect(marked.statusCode, marked.body).toBe(200);
    expect(marked.json().mandatory).toBe(true);

    const copy = await ok(
      await post(`/api/v1/events/${f.event.id}/duplicate`, {
        slug: `harbour-form-${randomUUID().slice(0, 6)}`,
        startsAt: '2028-07-01T10:00:00+02:00',
      }),
    );
    const shape = (items: Record<string, unknown>[]) =>
      items.map(({ id: _i, eventId: _e, createdAt: _c, updatedAt: _u, ...rest }) => rest);
    const questions = async (id: string) => (await ok(await get(`/api/v1/events/${id}/questions`), 200)).items;
    const requirements = async (id: string) => (await ok(await get(`/api/v1/events/${id}/requirements`), 200)).items;
    expect(shape(await questions(copy.id))).toEqual(shape(await questions(f.event.id)));
    expect(await questions(copy.id)).toHaveLength(2);
    expect(shape(await requirements(copy.id))).toEqual(shape(await requirements(f.event.id)));
    expect((await requirements(copy.id))[0]).toMatchObject({ key: 'own-laptop', eventId: copy.id });
    const copied = (await snapshot(copy.id)).sessions.find((x) => x.title === mandatory.title);
    expect(copied.mandatory).toBe(true);
  });

  it('shifts by an exact duration across a DST change (local wall-clock times move by an hour)', async () => {
    const f = await festival();
    const before = await snapshot(f.event.id);
    // 182 days after 1 July 2027 10:00 CEST (08:00Z) is 30 December 2027 08:00Z = 09:00 CET.
    const copy = await ok(
      await post(`/api/v1/events/${f.event.id}/duplicate`, {
        slug: `winter-${randomUUID().slice(0, 6)}`,
        startsAt: '2027-12-30T09:00:00+01:00',
      }),
    );
    expect(copy.name).toBe('Harbour Festival');
    const after = await snapshot(copy.id);
    expectShiftedCopy(before, after, 182 * DAY);
    // The shift is applied to UTC instants, so in Berlin the opening moves from 12:00 (CEST) to 11:00 (CET).
    const opening = after.sessions.find((s) => s.title === 'Opening');
    expect(opening.startsAt).toBe('2027-12-30T10:00:00.000Z');
    const berlin = new Intl.DateTimeFormat('en-GB', { timeZone: 'Europe/Berlin', hour: '2-digit', minute: '2-digit' });
    expect(berlin.format(new Date(before.sessions.find((s) => s.title === 'Opening').startsAt))).toBe('12:00');
    expect(berlin.format(new Date(opening.startsAt))).toBe('11:00');
  });

  it('refuses a slug the organization already uses (409) and changes nothing', async () => {
    const f = await festival();
    const res = await post(`/api/v1/events/${f.event.id}/duplicate`, {
      slug: f.event.slug,
      startsAt: '2028-07-01T10:00:00+02:00',
    });
    expectProblem(res, 409, 'SLUG_TAKEN');
    const all = (await ok(await get(`/api/v1/orgs/${orgId}/events?limit=200`), 200)).items;
    expect(all.filter((e: { slug: string }) => e.slug === f.event.slug)).toHaveLength(1);
  });

  it('forbids an organizer of the organization who does not run the source (403)', async () => {
    const f = await festival();
    const organizer = await api.signup();
    await t.app.platform.database.db
      .insert(memberships)
      .values({ organizationId: orgId, userId: organizer.userId, role: 'organizer' });
    const res = await post(
      `/api/v1/events/${f.event.id}/duplicate`,
      { slug: `nope-${randomUUID().slice(0, 6)}`, startsAt: '2028-07-01T10:00:00+02:00' },
      organizer.accessToken,
    );
    expectProblem(res, 403, 'FORBIDDEN');
  });
});
