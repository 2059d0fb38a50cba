import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { Api, expectProblem, type SignedUp, uniqueEmail } from '../../platform/testing/api-test-kit.ts';
import { createTestApp, eventually, type TestApp } from '../../platform/testing/test-app.ts';

let t: TestApp;
let api: Api;
let owner: SignedUp;
let eventId: string;
const asOwner = () => ({ token: owner.accessToken });

beforeAll(async () => {
  t = await createTestApp();
  api = new Api(t.app);
  owner = await api.signup();
  ({ eventId } = await api.publishedEvent(owner.accessToken, { org: 'confirm-org', event: 'confirm-day' }));
  const patched = await api.patch(`/api/v1/events/${eventId}`, {
    ...asOwner(),
    body: { capacity: 2, registration: { confirmAddress: true, guestsAllowed: true } },
  });
  expect(patched.statusCode, patched.body).toBe(200);
  expect(patched.json().registration.confirmAddress).toBe(true);
});
afterAll(async () => t?.close());

const register = (email: string, name = 'Cora Confirm') =>
  api.post(`/api/v1/events/${eventId}/registrations`, {
    body: { email, name, answers: {}, acknowledgedRequirements: [] },
  });
const confirm = (token: string) => api.post('/api/v1/registrations/address-confirmations', { body: { token } });
const confirmed = async () =>
  (await api.get(`/api/v1/events/${eventId}/registrations/summary`, asOwner())).json().counts.confirmed as number;

/** The token of the newest confirmation mail to `email` (waits for the job). */
async function tokenIn(email: string, count = 1): Promise<string> {
  const mail = await eventually(async () => {
    const mails = await api.mails(email, 'registration.address-confirmation');
    return mails.length >= count ? mails[0] : undefined;
  }, 15_000);
  const m = /\/e\/confirm-org\/confirm-day\/register\/confirm\?token=([0-9a-f]{106})/.exec(mail.text ?? '');
  expect(m, mail.text).not.toBeNull();
  return m![1]!;
}

describe('confirm your address before registering', () => {
  it('registers a guest only once they open the mailed link, and the link again answers the same registration', async () => {
    const email = uniqueEmail('cora');
    const before = await confirmed();
    const asked = await register(email);
    expect(asked.statusCode, asked.body).toBe(202);
    expect(asked.json()).toMatchObject({ status: 'address_confirmation_sent', email });
    expect(await confirmed()).toBe(before);
    // No ticket went out on the word of someone who may not hold the address.
    const token = await tokenIn(email);
    expect(await api.mails(email, 'registration.confirmed')).toHaveLength(0);
    const [mail] = await api.mails(email, 'registration.address-confirmation');
    expect(mail!.subject).toBe('Confirm your registration: confirm-day');
    expect(mail!.text).toContain('Hello Cora Confirm');

    const done = await confirm(token);
    expect(done.statusCode, done.body).toBe(201);
    expect(done.json()).toMatchObject({ status: 'confirmed', email, name: 'Cora Confirm' });
    expect(await confirmed()).toBe(before + 1);
    await eventually(async () => (await api.mails(email, 'registration.confirmed')).length === 1, 15_000);

    const again = await confirm(token);
    expect(again.statusCode).toBe(201);
    expect(again.headers['idempotent-replayed']).toBe('true');
    expect(again.json().id).toBe(done.json().id);
    expect(await confirmed()).toBe(before + 1);
  });

  it('keeps one request per address: asking again replaces it, and the first link confirms the newest', async () => {
    const email = uniqueEmail('twice');
    expect((await register(email, 'First Name')).statusCode).toBe(202);
    const first = await tokenIn(email);
    expect((await register(email, 'Second Name')).statusCode).toBe(202);
    await tokenIn(email, 2);
    const done = await confirm(first);
    expect(done.statusCode, done.body).toBe(201);
    expect(done.json().name).toBe('Second Name');
  });

  it('decides the seat when the link is opened: a full event puts the guest on the waiting list or refuses', async () => {
    const emails = [uniqueEmail('late1'), uniqueEmail('late2')];
    for (const email of emails) expect((await register(email)).statusCode).toBe(202);
    const tokens = [await tokenIn(emails[0]!), await tokenIn(emails[1]!)];
    // Capacity 2, and the tests above took both seats.
    expectProblem(await confirm(tokens[0]!), 409, 'EVENT_FULL');
    const patched = await api.patch(`/api/v1/events/${eventId}`, {
      ...asOwner(),
      body: { registration: { confirmAddress: true, guestsAllowed: true, waitlistEnabled: true } },
    });
    expect(patched.statusCode, patched.body).toBe(200);
    const waiting = await confirm(tokens[1]!);
    expect(waiting.statusCode, waiting.body).toBe(201);
    expect(waiting.json().status).toBe('waitlisted');
  });

  it('refuses a token that was tampered with, one of the wrong shape, and validates the request before mailing', async () => {
    const email = uniqueEmail('tamper');
    expect((await register(email)).statusCode).toBe(202);
    const token = await tokenIn(email);
    const flipped = `${token.slice(0, -1)}${token.endsWith('0') ? '1' : '0'}`;
    expectProblem(await confirm(flipped), 404, 'NOT_FOUND');
    // Another id under the same MAC and expiry: not valid either.
    expectProblem(await confirm(`${'0'.repeat(32)}${token.slice(32)}`), 404, 'NOT_FOUND');
    expectProblem(await confirm('nope'), 422, 'VALIDATION_FAILED');
    expectProblem(
      await api.post('/api/v1/registrations/address-confirmations', { body: {} }),
      422,
      'VALIDATION_FAILED',
    );
    // Invalid requests are refused at once, and mail nobody.
    const bad = uniqueEmail('bad');
    expectProblem(
      await api.post(`/api/v1/events/${eventId}/registrations`, {
        body: { email: bad, answers: {}, acknowledgedRequirements: [] },
      }),
      422,
      'VALIDATION_FAILED',
    );
    expect(await api.mails(bad, 'registration.address-confirmation')).toHaveLength(0);
  });

  it('lets a signed-in attendee with a verified address register at once; an unverified account confirms first', async () => {
    const attendee = await api.signup();
    const asAttendee = {
      token: attendee.accessToken,
      body: { answers: {}, acknowledgedRequirements: [] },
    };
    // Anyone can sign up with someone else's address: until it is verified, it vouches for nothing.
    const unverified = await api.post(`/api/v1/events/${eventId}/registrations`, asAttendee);
    expect(unverified.statusCode, unverified.body).toBe(202);
    // The link goes to the account's address, and registers it (as a guest, joined to the account once verified).
    const link = await tokenIn(attendee.email);
    const byLink = await confirm(link);
    expect(byLink.statusCode, byLink.body).toBe(201);
    expect(byLink.json()).toMatchObject({ email: attendee.email, status: 'waitlisted' });
    const cancelled = await api.post(`/api/v1/registrations/${byLink.json().id}/cancel`, { ...asOwner(), body: {} });
    expect(cancelled.statusCode, cancelled.body).toBe(200);
    const token = await api.tokenFromMail(attendee.email, 'auth.verify-email');
    expect((await api.post('/api/v1/auth/verify-email', { body: { token } })).statusCode).toBe(200);
    const res = await api.post(`/api/v1/events/${eventId}/registrations`, asAttendee);
    expect(res.statusCode, res.body).toBe(201);
    expect(res.json().status).toBe('waitlisted');
    expect(res.json().userId).toBe(attendee.userId);
  });
});
