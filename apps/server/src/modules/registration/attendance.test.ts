import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { Api, expectProblem, type SignedUp, uniqueEmail } from '../../platform/testing/api-test-kit.ts';
import { createTestApp, type TestApp } from '../../platform/testing/test-app.ts';
import { coveredMinutes, evaluate, ruleOf } from './attendance-rules.ts';

const at = (hhmm: string) => new Date(`2027-06-01T${hhmm}:00Z`);

describe('attendance rules', () => {
  const event = { start: at('09:00'), end: at('17:00') };
  const sessions = [
    { id: 's1', start: at('09:00'), end: at('10:00'), mandatory: true, scheduled: true },
    { id: 's2', start: at('10:00'), end: at('12:00'), mandatory: false, scheduled: true },
    { id: 's3', start: at('13:00'), end: at('17:00'), mandatory: true, scheduled: true },
  ];
  const entry = (from: string, to: string, sessionId: string | null = null) => ({
    start: at(from),
    end: at(to),
    sessionId,
  });

  it('counts overlapping time once and only inside the event', () => {
    expect(coveredMinutes([entry('08:00', '10:00'), entry('09:30', '11:00'), entry('16:30', '18:00')], event)).toBe(
      150,
    );
  });

  it('decides by each kind of rule', () => {
    const facts = { event, sessions, entries: [entry('09:00', '10:00', 's1'), entry('10:00', '12:00', 's2')] };
    const eligible = (rule: Parameters<typeof evaluate>[0]) => evaluate(rule, facts).eligible;
    expect(evaluate({ kind: 'check_in' }, facts)).toMatchObject({
      totalMinutes: 180,
      percent: 37.5,
      sessionsAttended: 2,
      mandatorySessionsMissed: 1,
      attended: true,
      eligible: true,
    });
    expect([
      eligible({ kind: 'minimum_minutes', minutes: 180 }),
      eligible({ kind: 'minimum_minutes', minutes: 181 }),
    ]).toEqual([true, false]);
    expect([
      eligible({ kind: 'minimum_percent', percent: 37 }),
      eligible({ kind: 'minimum_percent', percent: 50 }),
    ]).toEqual([true, false]);
    expect(eligible({ kind: 'all_mandatory_sessions' })).toBe(false);
    expect([
      eligible({ kind: 'session_percent', percent: 66 }),
      eligible({ kind: 'session_percent', percent: 70 }),
    ]).toEqual([true, false]);
    expect([
      eligible({ kind: 'minimum_sessions', count: 2 }),
      eligible({ kind: 'minimum_sessions', count: 3 }),
    ]).toEqual([true, false]);
    // Nobody is eligible without attending, whatever the rule.
    expect(evaluate({ kind: 'check_in' }, { ...facts, entries: [] })).toMatchObject({
      attended: false,
      eligible: false,
    });
    const all = { ...facts, entries: [...facts.entries, entry('13:00', '17:00', 's3')] };
    expect(evaluate({ kind: 'all_mandatory_sessions' }, all).eligible).toBe(true);
  });

  it('falls back to the CPD minimums, then to a check-in', () => {
    expect(ruleOf({ minimumAttendanceMinutes: 90 })).toEqual({ kind: 'minimum_minutes', minutes: 90 });
    expect(ruleOf({ minimumAttendancePercent: 80 })).toEqual({ kind: 'minimum_percent', percent: 80 });
    expect(ruleOf({})).toEqual({ kind: 'check_in' });
    expect(ruleOf({ attendanceRule: { kind: 'minimum_sessions', count: 2 }, minimumAttendanceMinutes: 5 })).toEqual({
      kind: 'minimum_sessions',
      count: 2,
    });
  });
});

let t: TestApp;
let api: Api;
let owner: SignedUp;
let eventId: string;
const sessionIds: string[] = [];

beforeAll(async () => {
  t = await createTestApp();
  api = new Api(t.app);
  owner = await api.signup();
  const token = owner.accessToken;
  const orgId = (await api.post('/api/v1/orgs', { token, body: { name: 'CPD Org', slug: 'cpd-org' } })).json().id;
  const res = await api.post(`/api/v1/orgs/${orgId}/events`, {
    token,
    body: {
      name: 'Clinical Update',
      slug: 'clinical-update',
      kind: 'course',
      format: 'hybrid',
      timezone: 'UTC',
      startsAt: '2027-06-01T09:00:00Z',
      endsAt: '2027-06-01T17:00:00Z',
      cpd: { creditType: 'CME', creditValue: 6, attendanceRule: { kind: 'all_mandatory_sessions' } },
    },
  });
  expect(res.statusCode, res.body).toBe(201);
  eventId = res.json().id;
  await api.post(`/api/v1/events/${eventId}/status`, { token, body: { status: 'published' } });
  for (const [title, from, to, mandatory] of [
    ['Morning', '09:00', '12:00', true],
    ['Afternoon', '13:00', '17:00', true],
  ] as const) {
    const s = await api.post(`/api/v1/events/${eventId}/sessions`, {
      token,
      body: {
        title,
        kind: 'talk',
        startsAt: `2027-06-01T${from}:00Z`,
        endsAt: `2027-06-01T${to}:00Z`,
        isScheduled: true,
        mandatory,
      },
    });
    expect(s.statusCode, s.body).toBe(201);
    sessionIds.push(s.json().id);
  }
});
afterAll(async () => t?.close());

const asOwner = () => ({ token: owner.accessToken });
async function registrant(name: string) {
  const res = await api.post(`/api/v1/events/${eventId}/registrations`, { body: { email: uniqueEmail(), name } });
  expect(res.statusCode, res.body).toBe(201);
  return res.json() as { id: string; ticketCode: string };
}
const attendanceOf = async (id: string) => {
  const res = await api.get(`/api/v1/registrations/${id}/attendance`, asOwner());
  expect(res.statusCode, res.body).toBe(200);
  return res.json();
};

describe('attendance ledger', () => {
  it('turns session check-ins into ledger entries and results, and takes them back on undo', async () => {
    const ada = await registrant('Ada');
    const checkIn = (sessionId: string) =>
      api.post(`/api/v1/events/${eventId}/check-ins`, { ...asOwner(), body: { code: ada.ticketCode, sessionId } });
    expect((await checkIn(sessionIds[0]!)).statusCode).toBe(200);
    let a = await attendanceOf(ada.id);
    expect(a.rule).toEqual({ kind: 'all_mandatory_sessions' });
    expect(a.entries).toEqual([expect.objectContaining({ source: 'checkin', sessionId: sessionIds[0], minutes: 180 })]);
    expect(a.summary).toMatchObject({ totalMinutes: 180, attended: true, eligible: false, mandatorySessionsMissed: 1 });
    // A second scan adds nothing.
    await checkIn(sessionIds[0]!);
    await checkIn(sessionIds[1]!);
    a = await attendanceOf(ada.id);
    expect(a.entries).toHaveLength(2);
    expect(a.summary).toMatchObject({ totalMinutes: 420, sessionsAttended: 2, eligible: true });

    const undo = await t.app.inject({
      method: 'DELETE',
      url: `/api/v1/events/${eventId}/check-ins/${ada.id}?sessionId=${sessionIds[1]}`,
      headers: { authorization: `Bearer ${owner.accessToken}` },
    });
    expect(undo.statusCode).toBe(204);
    a = await attendanceOf(ada.id);
    expect(a.entries).toHaveLength(1);
    expect(a.summary.eligible).toBe(false);
  });

  it('records manual and imported entries idempotently per source reference', async () => {
    const grace = await registrant('Grace');
    const record = (body: Record<string, unknown>) =>
      api.post(`/api/v1/events/${eventId}/attendance`, { ...asOwner(), body: { registrationId: grace.id, ...body } });
    const first = await record({ source: 'zoom', sourceRef: 'zoom-meeting-1/part-7', sessionId: sessionIds[0] });
    expect(first.statusCode, first.body).toBe(201);
    expect(first.json()).toMatchObject({ source: 'zoom', minutes: 180, startedAt: '2027-06-01T09:00:00.000Z' });
    const again = await record({ source: 'zoom', sourceRef: 'zoom-meeting-1/part-7', sessionId: sessionIds[0] });
    expect(again.statusCode).toBe(200);
    expect(again.json().id).toBe(first.json().id);
    const partial = await record({
      sessionId: sessionIds[1],
      startedAt: '2027-06-01T13:00:00Z',
      endedAt: '2027-06-01T14:30:00Z',
      note: 'left early, signed the sheet',
    });
    expect(partial.statusCode, partial.body).toBe(201);
    expect(partial.json()).toMatchObject({ source: 'manual', minutes: 90 });
    const a = await attendanceOf(grace.id);
    expect(a.entries).toHaveLength(2);
    expect(a.summary).toMatchObject({ totalMinutes: 270, sessionsAttended: 2, eligible: true });

    expectProblem(
      await record({ startedAt: '2027-06-01T14:00:00Z', endedAt: '2027-06-01T13:00:00Z' }),
      422,
      'VALIDATION_FAILED',
    );
    expectProblem(
      await api.post(`/api/v1/events/${eventId}/attendance`, {
        ...asOwner(),
        body: { registrationId: '00000000-0000-4000-8000-000000000000' },
      }),
      422,
      'VALIDATION_FAILED',
    );
  });

  it('lets an organiser override the result with a reason, audited, and lists everyone paged', async () => {
    const lin = await registrant('Lin');
    const put = (body: Record<string, unknown>) =>
      t.app.inject({
        method: 'PUT',
        url: `/api/v1/registrations/${lin.id}/attendance-override`,
        headers: { authorization: `Bearer ${owner.accessToken}` },
        payload: body,
      });
    expectProblem(await put({ eligible: true }), 422, 'VALIDATION_FAILED');
    const set = await put({ attended: true, eligible: true, reason: 'Attended by phone; confirmed by the chair' });
    expect(set.statusCode, set.body).toBe(200);
    expect(set.json()).toMatchObject({
      attended: true,
      eligible: true,
      computed: { attended: false, eligible: false },
      override: { reason: 'Attended by phone; confirmed by the chair', decidedBy: owner.userId },
    });
    const orgId = (await api.get(`/api/v1/events/${eventId}`, asOwner())).json().organizationId;
    const audit = (
      await api.get(`/api/v1/orgs/${orgId}/audit-log?action=attendance.overridden&targetId=${lin.id}`, asOwner())
    ).json().items;
    expect(audit).toHaveLength(1);
    const cleared = await put({ attended: null, eligible: null, reason: 'Mistake' });
    expect(cleared.json()).toMatchObject({ eligible: false, override: null });

    const page1 = await api.get(`/api/v1/events/${eventId}/attendance?limit=2`, asOwner());
    expect(page1.statusCode, page1.body).toBe(200);
    expect(page1.json().items).toHaveLength(2);
    const page2 = await api.get(
      `/api/v1/events/${eventId}/attendance?limit=2&cursor=${page1.json().nextCursor}`,
      asOwner(),
    );
    const names = [...page1.json().items, ...page2.json().items].map((s: { name: string }) => s.name);
    expect(names).toEqual(['Ada', 'Grace', 'Lin']);
    expect(page2.json().nextCursor).toBeNull();
    // Attendance is the organisers' business.
    const stranger = await api.signup();
    expect((await api.get(`/api/v1/events/${eventId}/attendance`, { token: stranger.accessToken })).statusCode).toBe(
      403,
    );
  });
});
