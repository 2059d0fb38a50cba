import { randomUUID } from 'node:crypto';
import { ApplyEventFileResult } from '@foyer/contracts';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { Api, expectProblem, type Res, type SignedUp, uniqueIp } from '../../../platform/testing/api-test-kit.ts';
import { createTestApp, type TestApp } from '../../../platform/testing/test-app.ts';
import { memberships } from '../../organizations/index.ts';

let t: TestApp;
let api: Api;
let owner: SignedUp;
let orgId: string;

beforeAll(async () => {
  t = await createTestApp({ BODY_LIMIT_BYTES: '65536' });
  api = new Api(t.app);
  owner = await api.signup();
  const res = await api.post('/api/v1/orgs', {
    token: owner.accessToken,
    body: { name: 'File Org', slug: `file-org-${randomUUID().slice(0, 6)}` },
  });
  orgId = res.json().id;
});
afterAll(async () => t?.close());

const file = (slug: string, extra = '') => `foyer: event/v1
event:
  slug: ${slug}
  name: Pier Talks
  status: published
  kind: conference
  format: hybrid
  timezone: Europe/Berlin
  startsAt: 2027-03-10T09:00:00+01:00
  endsAt: 2027-03-10T18:00:00+01:00
people:
  - key: ada
    name: Ada Lovelace
sessions:
  - key: keynote
    title: Engines of thought
    kind: keynote
    startsAt: 2027-03-10T09:30:00+01:00
    endsAt: 2027-03-10T10:30:00+01:00
    people: [ada]
${extra}`;

function applyAs(token: string, body: string, contentType = 'application/yaml'): Promise<Res> {
  return t.app.inject({
    method: 'POST',
    url: `/api/v1/orgs/${orgId}/events:apply`,
    headers: { authorization: `Bearer ${token}`, 'content-type': contentType },
    remoteAddress: uniqueIp(),
    payload: body,
  });
}

async function member(role: 'viewer' | 'organizer'): Promise<SignedUp> {
  const user = await api.signup();
  await t.app.platform.database.db.insert(memberships).values({ organizationId: orgId, userId: user.userId, role });
  return user;
}

describe('event files over HTTP', () => {
  it('applies a YAML body (created, then unchanged) and exports it back as a download', async () => {
    const slug = `pier-${randomUUID().slice(0, 6)}`;
    const created = await applyAs(owner.accessToken, file(slug));
    expect(created.statusCode, created.body).toBe(200);
    const result = ApplyEventFileResult.parse(created.json());
    expect(result).toMatchObject({ slug, created: true, changed: true, statusChanges: ['published'] });
    expect(result.summary.sessions.created).toBe(1);

    const again = await applyAs(owner.accessToken, file(slug), 'text/yaml; charset=utf-8');
    expect(again.statusCode, again.body).toBe(200);
    expect(again.json()).toMatchObject({ eventId: result.eventId, created: false, changed: false });

    const exported = await api.get(`/api/v1/events/${result.eventId}/export`, { token: owner.accessToken });
    expect(exported.statusCode, exported.body).toBe(200);
    expect(exported.headers['content-type']).toBe('application/yaml; charset=utf-8');
    expect(exported.headers['content-disposition']).toBe(`attachment; filename="${slug}.yaml"`);
    expect(exported.body).toContain('title: Engines of thought');
    const reapplied = await applyAs(owner.accessToken, exported.body);
    expect(reapplied.json()).toMatchObject({ eventId: result.eventId, changed: false });
  });

  it('rejects an invalid file with line-precise errors and changes nothing', async () => {
    const slug = `pier-${randomUUID().slice(0, 6)}`;
    const text = file(slug).replace('people: [ada]', 'people: [ada, grace]');
    const res = await applyAs(owner.accessToken, text);
    expectProblem(res, 422, 'INVALID_EVENT_FILE');
    const line = text.split('\n').findIndex((l) => l.includes('grace')) + 1;
    expect(res.json().errors).toEqual([
      {
        line,
        column: 19,
        path: 'sessions[0].people[1]',
        message: 'names a person "grace" missing from `people`',
        field: 'sessions[0].people[1]',
        code: 'invalid_event_file',
      },
    ]);
    const list = await api.get(`/api/v1/orgs/${orgId}/events`, { token: owner.accessToken });
    expect(list.json().items.map((e: { slug: string }) => e.slug)).not.toContain(slug);

    expectProblem(await applyAs(owner.accessToken, 'foyer: [\n'), 422, 'INVALID_EVENT_FILE');
    expectProblem(await applyAs(owner.accessToken, ''), 422, 'INVALID_EVENT_FILE');
    // A billion-laughs file is refused, not expanded.
    const laughs = ['a: &a [x, x, x, x, x, x, x, x, x]']
      .concat(
        ['b', 'c', 'd', 'e', 'f', 'g', 'h'].map(
          (k, i) => `${k}: &${k} [${Array(9).fill(`*${'abcdefg'[i]}`).join(', ')}]`,
        ),
      )
      .join('\n');
    expectProblem(await applyAs(owner.accessToken, laughs), 422, 'INVALID_EVENT_FILE');
  });

  it('answers 415 for other content types and 413 for a file over the body limit', async () => {
    const slug = `pier-${randomUUID().slice(0, 6)}`;
    expectProblem(await applyAs(owner.accessToken, file(slug), 'text/plain'), 415, 'UNSUPPORTED_MEDIA_TYPE');
    expectProblem(
      await applyAs(owner.accessToken, JSON.stringify({ foyer: 'event/v1' }), 'application/json'),
      415,
      'UNSUPPORTED_MEDIA_TYPE',
    );
    expectProblem(await applyAs(owner.accessToken, file(slug), 'application/xml'), 415, 'UNSUPPORTED_MEDIA_TYPE');
    const huge = file(slug, `# ${'x'.repeat(70_000)}\n`);
    expectProblem(await applyAs(owner.accessToken, huge), 413, 'PAYLOAD_TOO_LARGE');
  });

  it('lets organizers create by file, but change an existing event only when they may manage it', async () => {
    const [runner, other, viewer] = [await member('organizer'), await member('organizer'), await member('viewer')];
    const slug = `pier-${randomUUID().slice(0, 6)}`;
    const created = await applyAs(runner.accessToken, file(slug));
    expect(created.statusCode, created.body).toBe(200);
    const { eventId } = created.json();
    // The creator runs the new event as lead, as with POST /events.
    const organizers = await api.get(`/api/v1/events/${eventId}/organizers`, { token: owner.accessToken });
    expect(organizers.json().items).toEqual([expect.objectContaining({ userId: runner.userId, role: 'lead' })]);

    const edited = file(slug).replace('name: Pier Talks', 'name: Pier Talks 2027');
    expectProblem(await applyAs(other.accessToken, edited), 403, 'FORBIDDEN');
    expectProblem(await applyAs(viewer.accessToken, file(`pier-${randomUUID().slice(0, 6)}`)), 403, 'FORBIDDEN');
    const byRunner = await applyAs(runner.accessToken, edited);
    expect(byRunner.json()).toMatchObject({ eventId, changed: true, summary: { event: { updated: 1 } } });
    const anonymous = await t.app.inject({
      method: 'GET',
      url: `/api/v1/events/${eventId}/export`,
      remoteAddress: uniqueIp(),
    });
    expectProblem(anonymous, 401, 'UNAUTHENTICATED');
  });
});
