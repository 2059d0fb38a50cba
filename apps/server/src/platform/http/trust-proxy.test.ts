import { afterAll, describe, expect, it } from 'vitest';
import { loadConfig } from '../config/config.ts';
import { createTestApp, type TestApp } from '../testing/test-app.ts';

/**
 * The client address is taken from the right of X-Forwarded-For, past
 * trusted proxies only: what a client writes at the left is never believed.
 */

describe('TRUST_PROXY configuration', () => {
  it('takes false, a hop count (true = 1) or a list of proxy addresses and CIDRs', () => {
    expect(loadConfig({ TRUST_PROXY: 'false' }).trustProxy).toBe(false);
    expect(loadConfig({}).trustProxy).toBe(false);
    expect(loadConfig({ TRUST_PROXY: 'true' }).trustProxy).toBe(1);
    expect(loadConfig({ TRUST_PROXY: '2' }).trustProxy).toBe(2);
    expect(loadConfig({ TRUST_PROXY: '10.0.0.0/8, 192.0.2.10,::1,loopback' }).trustProxy).toEqual([
      '10.0.0.0/8',
      '192.0.2.10',
      '::1',
      'loopback',
    ]);
    for (const bad of ['10.0.0.0/33', 'proxy.internal', '*', '1.2.3']) {
      expect(() => loadConfig({ TRUST_PROXY: bad }), bad).toThrow(/TRUST_PROXY/);
    }
  });
});

async function sessionIp(t: TestApp, forwardedFor: string, n: number): Promise<string | null> {
  const email = `proxy-${n}-${Date.now()}@example.org`;
  const password = 'correct horse battery staple';
  const res = await t.app.inject({
    method: 'POST',
    url: '/api/v1/auth/signup',
    remoteAddress: '10.9.8.7',
    headers: { 'x-forwarded-for': forwardedFor },
    payload: { email, password, name: 'Proxy' },
  });
  expect(res.statusCode, res.body).toBe(202);
  const login = await t.app.inject({
    method: 'POST',
    url: '/api/v1/auth/login',
    remoteAddress: '10.9.8.7',
    headers: { 'x-forwarded-for': forwardedFor },
    payload: { email, password },
  });
  expect(login.statusCode, login.body).toBe(200);
  const sessions = await t.app.inject({
    url: '/api/v1/auth/sessions',
    headers: { authorization: `Bearer ${login.json().accessToken}` },
  });
  const body = sessions.json() as { ip: string | null }[] | { items: { ip: string | null }[] };
  return (Array.isArray(body) ? body : body.items)[0]!.ip;
}

describe('client address behind proxies', () => {
  const apps: TestApp[] = [];
  afterAll(async () => Promise.all(apps.map((t) => t.close())));

  it('with TRUST_PROXY=true, is the address the one proxy appended, not what the client wrote', async () => {
    const t = await createTestApp({ TRUST_PROXY: 'true' });
    apps.push(t);
    expect(await sessionIp(t, '6.6.6.6, 203.0.113.7', 1)).toBe('203.0.113.7');
    // Made-up first hops do not make a client many clients: the sign-up limit still holds.
    const statuses: number[] = [];
    for (let i = 0; i < 12; i++) {
      const res = await t.app.inject({
        method: 'POST',
        url: '/api/v1/auth/signup',
        remoteAddress: '10.9.8.7',
        headers: { 'x-forwarded-for': `198.51.100.${i}, 203.0.113.8` },
        payload: { email: `spoof-${i}@example.org`, password: 'correct horse battery staple', name: 'Spoof' },
      });
      statuses.push(res.statusCode);
    }
    expect(statuses).toContain(429);
  }, 60_000);

  it('with a list of trusted proxies, skips only those from the right', async () => {
    const t = await createTestApp({ TRUST_PROXY: '10.0.0.0/8' });
    apps.push(t);
    expect(await sessionIp(t, '6.6.6.6, 203.0.113.9, 10.1.2.3', 2)).toBe('203.0.113.9');
  }, 60_000);
});
