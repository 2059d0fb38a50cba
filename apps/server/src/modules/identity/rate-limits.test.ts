import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { Api, expectProblem, PASSWORD, type Res, uniqueEmail, uniqueIp } from '../../platform/testing/api-test-kit.ts';
import { createTestApp, type TestApp } from '../../platform/testing/test-app.ts';
import { redisUrl } from '../../platform/testing/test-database.ts';

// Every test uses its own addresses and accounts: with REDIS_URL the counters
// are shared with other test files and kept between runs.
let t: TestApp;
let api: Api;
beforeAll(async () => {
  t = await createTestApp();
  api = new Api(t.app);
});
afterAll(async () => t?.close());

function retryAfter(res: Res): number {
  const value = Number(res.headers['retry-after']);
  expect(Number.isInteger(value), `retry-after: ${res.headers['retry-after']}`).toBe(true);
  return value;
}

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

describe('rate limits', () => {
  it(`uses the ${redisUrl ? 'Redis' : 'in-memory'} counter store`, () => {
    expect(t.app.platform.config.redisUrl ?? null).toBe(redisUrl);
  });

  it('answers the 11th sign-up from one IP within the hour with 429 and Retry-After', async () => {
    const ip = uniqueIp();
    for (let i = 0; i < 10; i++) {
      const res = await api.post('/api/v1/auth/signup', {
        ip,
        body: { email: uniqueEmail('burst'), password: PASSWORD, name: 'Burst' },
      });
      expect(res.statusCode, `sign-up ${i + 1}: ${res.body}`).toBe(202);
    }
    const eleventh = await api.post('/api/v1/auth/signup', {
      ip,
      body: { email: uniqueEmail('burst'), password: PASSWORD, name: 'Burst' },
    });
    expectProblem(eleventh, 429, 'RATE_LIMITED');
    const wait = retryAfter(eleventh);
    expect(wait).toBeGreaterThan(3500);
    expect(wait).toBeLessThanOrEqual(3600);
    // Another address is not affected.
    expect(
      (
        await api.post('/api/v1/auth/signup', {
          ip: uniqueIp(),
          body: { email: uniqueEmail('other'), password: PASSWORD, name: 'Other' },
        })
      ).statusCode,
    ).toBe(202);
  });

  // Without the test kit's sign-in: these tests count every login attempt of the account.
  const accountWithoutLogin = async () => {
    const account = { email: uniqueEmail('lock'), password: PASSWORD };
    const res = await api.post('/api/v1/auth/signup', { body: { ...account, name: 'Lock' } });
    expect(res.statusCode, res.body).toBe(202);
    return account;
  };

  it('locks an account after repeated failed logins from different IPs, with a growing Retry-After', async () => {
    const account = await accountWithoutLogin();
    const attempt = (password = 'wrong-password-7') => api.login(account.email, password, { ip: uniqueIp() });
    // Five free failures, and the sixth still gets an answer.
    for (let i = 0; i < 6; i++) expectProblem(await attempt(), 401, 'INVALID_CREDENTIALS');
    const locked = await attempt();
    expectProblem(locked, 429, 'RATE_LIMITED');
    const first = retryAfter(locked);
    expect(first).toBeGreaterThanOrEqual(1);
    expect(first).toBeLessThanOrEqual(2);
    // While locked, not even the right password gets in.
    expectProblem(await attempt(account.password), 429, 'RATE_LIMITED');

    await sleep(first * 1000 + 1100);
    expectProblem(await attempt(), 401, 'INVALID_CREDENTIALS');
    const again = await attempt();
    expectProblem(again, 429, 'RATE_LIMITED');
    const second = retryAfter(again);
    expect(second).toBeGreaterThan(first);
    expect(second).toBeLessThanOrEqual(4);
  });

  it('does not lock an account for fewer than six failures, and a success resets the count', async () => {
    const account = await accountWithoutLogin();
    const attempt = (password = 'wrong-password-7') => api.login(account.email, password, { ip: uniqueIp() });
    // 3 + 1 + 5 + 1 attempts: within the 10 attempts per account and five minutes.
    for (let i = 0; i < 3; i++) expectProblem(await attempt(), 401, 'INVALID_CREDENTIALS');
    expect((await attempt(account.password)).statusCode).toBe(200);
    for (let i = 0; i < 5; i++) expectProblem(await attempt(), 401, 'INVALID_CREDENTIALS');
    expect((await attempt(account.password)).statusCode).toBe(200);
  });

  it('limits failed logins for unknown emails the same way (no enumeration through the limiter)', async () => {
    const email = uniqueEmail('phantom');
    const attempt = () => api.login(email, 'wrong-password-7', { ip: uniqueIp() });
    for (let i = 0; i < 6; i++) expectProblem(await attempt(), 401, 'INVALID_CREDENTIALS');
    expectProblem(await attempt(), 429, 'RATE_LIMITED');
  });

  it('allows three magic-code requests per account in ten minutes, then 429', async () => {
    const email = uniqueEmail('magic');
    for (let i = 0; i < 3; i++) {
      expect((await api.post('/api/v1/auth/magic-code', { ip: uniqueIp(), body: { email } })).statusCode).toBe(202);
    }
    const fourth = await api.post('/api/v1/auth/magic-code', { ip: uniqueIp(), body: { email } });
    expectProblem(fourth, 429, 'RATE_LIMITED');
    const wait = retryAfter(fourth);
    expect(wait).toBeGreaterThan(500);
    expect(wait).toBeLessThanOrEqual(600);
    expect(await api.mails(email, 'auth.magic-code')).toHaveLength(3);
    // The account limit does not depend on the case of the address.
    expectProblem(
      await api.post('/api/v1/auth/magic-code', { ip: uniqueIp(), body: { email: email.toUpperCase() } }),
      429,
      'RATE_LIMITED',
    );
  });

  it('limits magic-code requests per IP across accounts', async () => {
    const ip = uniqueIp();
    for (let i = 0; i < 10; i++) {
      const res = await api.post('/api/v1/auth/magic-code', { ip, body: { email: uniqueEmail('spray') } });
      expect(res.statusCode).toBe(202);
    }
    expectProblem(
      await api.post('/api/v1/auth/magic-code', { ip, body: { email: uniqueEmail('spray') } }),
      429,
      'RATE_LIMITED',
    );
  });

  it('allows three password-reset requests per account in an hour, then 429', async () => {
    const { email } = await api.signup();
    for (let i = 0; i < 3; i++) {
      expect((await api.post('/api/v1/auth/password-reset', { ip: uniqueIp(), body: { email } })).statusCode).toBe(202);
    }
    const fourth = await api.post('/api/v1/auth/password-reset', { ip: uniqueIp(), body: { email } });
    expectProblem(fourth, 429, 'RATE_LIMITED');
    expect(retryAfter(fourth)).toBeGreaterThan(3500);
  });

  it('limits login attempts per account to ten in five minutes, whatever the outcome', async () => {
    const account = await api.signup();
    // The test kit's sign-up signed in once already.
    for (let i = 0; i < 9; i++) {
      expect((await api.login(account.email, account.password, { ip: uniqueIp() })).statusCode).toBe(200);
    }
    const res = await api.login(account.email, account.password, { ip: uniqueIp() });
    expectProblem(res, 429, 'RATE_LIMITED');
    expect(retryAfter(res)).toBeLessThanOrEqual(300);
  });

  it('limits magic-code guesses per IP', async () => {
    const ip = uniqueIp();
    const statuses: number[] = [];
    for (let i = 0; i < 31; i++) {
      const res = await api.post('/api/v1/auth/magic-code/verify', {
        ip,
        body: { email: uniqueEmail('guess'), code: '123456' },
      });
      statuses.push(res.statusCode);
    }
    expect(statuses.slice(0, 30).every((s) => s === 401)).toBe(true);
    expect(statuses[30]).toBe(429);
  });
});
