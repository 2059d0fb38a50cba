import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { Api, expectProblem, type SignedUp, uniqueEmail, uniqueIp } from '../../platform/testing/api-test-kit.ts';
import { createTestApp, eventually, type TestApp } from '../../platform/testing/test-app.ts';

let t: TestApp;
let api: Api;
let owner: SignedUp;
let eventId: string;

beforeAll(async () => {
  t = await createTestApp();
  api = new Api(t.app);
  owner = await api.signup();
  ({ eventId } = await api.publishedEvent(owner.accessToken, { org: 'links-org', event: 'links-day' }));
});
afterAll(async () => t?.close());

/** The registration id and link token of the newest `template` mail to `email` (waits for the job). */
async function linkIn(email: string, template: string, count = 1): Promise<{ id: string; token: string }> {
  const mail = await eventually(async () => {
    const mails = await api.mails(email, template);
    return mails.length >= count ? mails[0] : undefined;
  }, 15_000);
  const m = /\/registrations\/([0-9a-f-]{36})\?token=([0-9a-f]{74})/.exec(mail.text ?? '');
  expect(m, mail.text).not.toBeNull();
  return { id: m![1]!, token: m![2]! };
}

const byLink = (link: { id: string; token: string }) =>
  api.get(`/api/v1/registrations/${link.id}/by-link?token=${link.token}`);
const requestLink = (email: string, ip = uniqueIp()) =>
  api.post(`/api/v1/events/${eventId}/registrations/link-requests`, { ip, body: { email } });

async function registered(): Promise<{ email: string; first: { id: string; token: string } }> {
  const email = uniqueEmail('linked');
  const res = await api.post(`/api/v1/events/${eventId}/registrations`, {
    body: { email, name: 'Lena Link', answers: {}, acknowledgedRequirements: [] },
  });
  expect(res.statusCode, res.body).toBe(201);
  return { email, first: await linkIn(email, 'registration.confirmed') };
}

describe("a registration's link, renewed", () => {
  it('mails a guest who asks a new link, and the old one stops working', async () => {
    const { email, first } = await registered();
    expect((await byLink(first)).statusCode).toBe(200);

    const asked = await requestLink(email.toUpperCase());
    expect(asked.statusCode, asked.body).toBe(202);
    const second = await linkIn(email, 'registration.link');
    expect(second.id).toBe(first.id);
    expect(second.token).not.toBe(first.token);
    expect((await byLink(second)).statusCode).toBe(200);
    expectProblem(await byLink(first), 404, 'NOT_FOUND');
    expectProblem(
      await api.post(`/api/v1/registrations/${first.id}/cancel-by-link`, { body: { token: first.token } }),
      404,
      'NOT_FOUND',
    );
    const [mail] = await api.mails(email, 'registration.link');
    expect(mail!.subject).toBe('Your registration link: links-day');
  });

  it('answers an address that never registered alike, and mails nobody', async () => {
    const stranger = uniqueEmail('stranger');
    const res = await requestLink(stranger);
    expect(res.statusCode).toBe(202);
    await new Promise((r) => setTimeout(r, 500));
    expect(await api.mails(stranger)).toEqual([]);
  });

  it('lets organisers mail a new link (audited), retiring the one before', async () => {
    const { email, first } = await registered();
    expectProblem(await api.post(`/api/v1/registrations/${first.id}/link`), 401, 'UNAUTHENTICATED');
    const sent = await api.post(`/api/v1/registrations/${first.id}/link`, { token: owner.accessToken });
    expect(sent.statusCode, sent.body).toBe(202);
    const second = await linkIn(email, 'registration.link');
    expectProblem(await byLink(first), 404, 'NOT_FOUND');
    expect((await byLink(second)).statusCode).toBe(200);
  });

  it('limits requests per registrant address, so nobody is mail-bombed through Foyer', async () => {
    const { email } = await registered();
    for (let i = 0; i < 3; i++) expect((await requestLink(email)).statusCode).toBe(202);
    expectProblem(await requestLink(email), 429, 'RATE_LIMITED');
  });
});
