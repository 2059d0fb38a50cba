import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { Api, expectProblem, uniqueEmail, uniqueIp } from '../../platform/testing/api-test-kit.ts';
import { createTestApp, type TestApp } from '../../platform/testing/test-app.ts';

let t: TestApp;
let api: Api;
let eventId: string;

beforeAll(async () => {
  t = await createTestApp({ REGISTRATION_GUEST_LIMIT_PER_IP: '3' });
  api = new Api(t.app);
  const owner = await api.signup();
  ({ eventId } = await api.publishedEvent(owner.accessToken, { org: 'limit-org', event: 'limit-day' }));
});
afterAll(async () => t?.close());

const register = (ip: string, account?: { accessToken: string; email: string }) =>
  api.post(`/api/v1/events/${eventId}/registrations`, {
    ip,
    ...(account ? { token: account.accessToken } : {}),
    body: {
      email: account?.email ?? uniqueEmail('guest'),
      name: 'Gus Guest',
      answers: {},
      acknowledgedRequirements: [],
    },
  });

describe('guest registrations per client address', () => {
  it('takes REGISTRATION_GUEST_LIMIT_PER_IP from one address in 10 minutes, then 429 with Retry-After', async () => {
    const ip = uniqueIp();
    for (let i = 0; i < 3; i++) expect((await register(ip)).statusCode).toBe(201);
    const refused = expectProblem(await register(ip), 429, 'RATE_LIMITED');
    expect(refused.detail).toMatch(/Too many registrations from this address/);
    const res = await register(ip);
    expect(Number(res.headers['retry-after'])).toBeGreaterThan(0);
    // Another address is not affected.
    expect((await register(uniqueIp())).statusCode).toBe(201);
  });

  it('does not count signed-in people, who are known accounts', async () => {
    const ip = uniqueIp();
    for (let i = 0; i < 3; i++) expect((await register(ip)).statusCode).toBe(201);
    const person = await api.signup();
    const res = await register(ip, person);
    expect(res.statusCode, res.body).toBe(201);
  });
});
