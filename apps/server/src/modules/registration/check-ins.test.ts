import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { Api, expectProblem, type SignedUp, uniqueEmail } from '../../platform/testing/api-test-kit.ts';
import { createTestApp, type TestApp } from '../../platform/testing/test-app.ts';
import { onRealPostgres } from '../../platform/testing/test-database.ts';

let t: TestApp;
let api: Api;
let owner: SignedUp;
let eventId: string;
let sessionId: string;
let orgId: string;

beforeAll(async () => {
  t = await createTestApp();
  api = new Api(t.app);
  owner = await api.signup();
  const token = owner.accessToken;
  orgId = (await api.post('/api/v1/orgs', { token, body: { name: 'Door Org', slug: 'door-org' } })).json().id;
  eventId = (
    await api.post(`/api/v1/orgs/${orgId}/events`, {
      token,
      body: {
        name: 'Door Fest',
        slug: 'door-fest',
        kind: 'festival',
        format: 'in_person',
        timezone: 'Europe/Berlin',
        startsAt: '2027-06-01T10:00:00+02:00',
        endsAt: '2027-06-02T22:00:00+02:00',
        capacity: 2,
        registration: { waitlistEnabled: true },
      },
    })
  ).json().id;
  await api.post(`/api/v1/events/${eventId}/status`, { token, body: { status: 'published' } });
  sessionId = (
    await api.post(`/api/v1/events/${eventId}/sessions`, {
      token,
      body: {
        title: 'Opening',
        kind: 'talk',
        startsAt: '2027-06-01T11:00:00+02:00',
        endsAt: '2027-06-01T12:00:00+02:00',
      },
    })
  ).json().id;
});
afterAll(async () => t?.close());

const register = async (name: string) =>
  (await api.post(`/api/v1/events/${eventId}/registrations`, { body: { email: uniqueEmail(), name } })).json();
const checkIn = (body: Record<string, unknown>) =>
  api.post(`/api/v1/events/${eventId}/check-ins`, { token: owner.accessToken, body });

describe('check-in', () => {
  it('checks a ticket in once, says so on a repeat, and takes it back', async () => {
    const ada = await register('Ada');
    // Typed at the door: lower case, in groups.
    const typed = ada.ticketCode.toLowerCase().replace(/(.{4})/g, '$1 ');
    const first = await checkIn({ code: typed });
    expect(first.statusCode, first.body).toBe(200);
    expect(first.json()).toMatchObject({
      registration: { id: ada.id, name: 'Ada', status: 'confirmed' },
      sessionId: null,
      alreadyCheckedIn: false,
    });
    const again = (await checkIn({ code: ada.ticketCode })).json();
    expect([again.alreadyCheckedIn, again.checkedInAt]).toEqual([true, first.json().checkedInAt]);
    const summary = await api.get(`/api/v1/events/${eventId}/registrations/summary`, { token: owner.accessToken });
    expect(summary.json().checkedIn).toBe(1);

    // Per session: separate from the door.
    const session = (await checkIn({ code: ada.ticketCode, sessionId })).json();
    expect([session.sessionId, session.alreadyCheckedIn]).toEqual([sessionId, false]);

    const undo = (query = '') =>
      api.delete(`/api/v1/events/${eventId}/check-ins/${ada.id}${query}`, { token: owner.accessToken });
    expect((await undo()).statusCode).toBe(204);
    expectProblem(await undo(), 404, 'NOT_FOUND');
    expect((await undo(`?sessionId=${sessionId}`)).statusCode).toBe(204);
    expect((await checkIn({ code: ada.ticketCode })).json().alreadyCheckedIn).toBe(false);
    const log = await api.get(`/api/v1/orgs/${orgId}/audit-log?targetId=${ada.id}`, { token: owner.accessToken });
    const audit = log.json().items.map((e: { action: string }) => e.action);
    expect(audit.filter((a: string) => a.startsWith('registration.check'))).toEqual([
      'registration.checked_in',
      'registration.check_in_undone',
      'registration.check_in_undone',
      'registration.checked_in',
      'registration.checked_in',
    ]);
  });

  it('refuses unknown codes, tickets that are not confirmed, and sessions of other events', async () => {
    expectProblem(await checkIn({ code: 'AAAAAAAAAAAAAAAAAAAAAAAAAA' }), 404, 'NOT_FOUND');
    const bo = await register('Bo');
    await api.post(`/api/v1/registrations/${bo.id}/cancel`, { token: owner.accessToken, body: {} });
    expectProblem(await checkIn({ code: bo.ticketCode }), 409, 'TICKET_NOT_VALID');
    const cy = await register('Cy');
    expectProblem(
      await checkIn({ code: cy.ticketCode, sessionId: '00000000-0000-4000-8000-000000000000' }),
      422,
      'VALIDATION_FAILED',
    );
  });

  it.skipIf(!onRealPostgres)('ten scanners reading the same code at once make one check-in', async () => {
    const di = await register('Di');
    const seated = await api.post(`/api/v1/events/${eventId}/waitlist/promote-next`, {
      token: owner.accessToken,
      body: { overCapacity: true },
    });
    expect(seated.json().id).toBe(di.id);
    const code = seated.json().ticketCode;
    const answers = await Promise.all(Array.from({ length: 10 }, () => checkIn({ code })));
    expect(answers.map((r) => r.statusCode)).toEqual(Array(10).fill(200));
    expect(answers.filter((r) => r.json().alreadyCheckedIn === false)).toHaveLength(1);
  });
});
