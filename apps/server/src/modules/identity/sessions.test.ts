import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { Api, expectProblem, type Res, uniqueIp } from '../../platform/testing/api-test-kit.ts';
import { createTestApp, type TestApp } from '../../platform/testing/test-app.ts';

let t: TestApp;
let api: Api;
beforeAll(async () => {
  t = await createTestApp();
  api = new Api(t.app);
});
afterAll(async () => t?.close());

function cookieOf(res: Res, name: string) {
  return res.cookies.find((c) => c.name === name);
}

describe('refresh tokens', () => {
  it('rotates: a refresh answers a new refresh token and a working access token', async () => {
    const account = await api.signup();
    const res = await api.refresh(account.refreshToken);
    expect(res.statusCode, res.body).toBe(200);
    const body = res.json();
    expect(body.refreshToken).toMatch(/^rt_/);
    expect(body.refreshToken).not.toBe(account.refreshToken);
    expect(body.user.id).toBe(account.userId);
    expect((await api.me(body.accessToken)).statusCode).toBe(200);
    // The new one rotates again.
    expect((await api.refresh(body.refreshToken)).statusCode).toBe(200);
  });

  it('stores refresh tokens only as hashes', async () => {
    const account = await api.signup();
    const { rows } = await t.app.platform.database.sql.query('select * from refresh_tokens');
    expect(JSON.stringify(rows)).not.toContain(account.refreshToken.slice(3));
  });

  it('answers reuse of a rotated token with 401 TOKEN_REUSED and revokes the whole session', async () => {
    const account = await api.signup();
    const first = (await api.refresh(account.refreshToken)).json();
    const second = (await api.refresh(first.refreshToken)).json();
    expect((await api.me(second.accessToken)).statusCode).toBe(200);

    expectProblem(await api.refresh(account.refreshToken), 401, 'TOKEN_REUSED');
    // Everything of that session is dead: the newest refresh token and the access tokens.
    expectProblem(await api.refresh(second.refreshToken), 401, 'INVALID_TOKEN');
    expectProblem(await api.me(second.accessToken), 401, 'INVALID_TOKEN');
    expectProblem(await api.me(account.accessToken), 401, 'INVALID_TOKEN');
  });

  it('leaves the user’s other sessions alone on reuse', async () => {
    const account = await api.signup();
    const other = await api.loginOk(account.email, account.password);
    await api.refresh(account.refreshToken);
    expectProblem(await api.refresh(account.refreshToken), 401, 'TOKEN_REUSED');
    expect((await api.me(other.accessToken)).statusCode).toBe(200);
    expect((await api.refresh(other.refreshToken)).statusCode).toBe(200);
  });

  it('records the reuse in the audit log', async () => {
    const account = await api.signup();
    await api.refresh(account.refreshToken);
    const ip = uniqueIp();
    await api.post('/api/v1/auth/refresh', { ip, body: { refreshToken: account.refreshToken } });
    const { rows } = await t.app.platform.database.sql.query(
      `select * from audit_log where action = 'auth.refresh_token_reused' and ip = $1`,
      [ip],
    );
    expect(rows).toHaveLength(1);
  });

  it('lets at most one of five concurrent refreshes of one token succeed', async () => {
    const account = await api.signup();
    const results = await Promise.all(Array.from({ length: 5 }, () => api.refresh(account.refreshToken)));
    const ok = results.filter((r) => r.statusCode === 200);
    expect(ok.length).toBeLessThanOrEqual(1);
    for (const r of results.filter((r) => r.statusCode !== 200)) {
      expect(r.statusCode).toBe(401);
      expect(['TOKEN_REUSED', 'INVALID_TOKEN']).toContain(r.json().code);
    }
  });

  it('refuses an unknown refresh token with 401 INVALID_TOKEN', async () => {
    expectProblem(await api.refresh(`rt_${'A'.repeat(43)}`), 401, 'INVALID_TOKEN');
  });

  it('refuses a refresh without any token', async () => {
    expectProblem(await api.post('/api/v1/auth/refresh', { body: {} }), 401, 'INVALID_TOKEN');
  });

  it('refuses the refresh token of an expired session', async () => {
    const account = await api.signup();
    await t.app.platform.database.sql.query(
      `update auth_sessions set expires_at = now() - interval '1 second' where user_id = $1`,
      [account.userId],
    );
    expectProblem(await api.refresh(account.refreshToken), 401, 'INVALID_TOKEN');
    expectProblem(await api.me(account.accessToken), 401, 'INVALID_TOKEN');
  });
});

describe('absolute session lifetime', () => {
  const sessionOf = async (userId: string) => {
    const { rows } = await t.app.platform.database.sql.query<{ created: Date; expires: Date }>(
      'select created_at as created, expires_at as expires from auth_sessions where user_id = $1',
      [userId],
    );
    return rows[0]!;
  };
  /** Moves a session's start `days` into the past, as if it had been refreshed every day since. */
  const beganDaysAgo = (userId: string, days: number) =>
    t.app.platform.database.sql.query(
      `update auth_sessions set created_at = now() - make_interval(days => $2::int) where user_id = $1`,
      [userId, days],
    );

  it('slides 30 days from each refresh while the session is young', async () => {
    const account = await api.signup();
    const res = await api.refresh(account.refreshToken);
    expect(res.statusCode).toBe(200);
    const { expires } = await sessionOf(account.userId);
    expect(new Date(expires).getTime() - Date.now()).toBeGreaterThan(29.9 * 86_400_000);
  });

  it('caps the sliding expiry at 90 days after sign-in', async () => {
    const account = await api.signup();
    await beganDaysAgo(account.userId, 80);
    const res = await api.refresh(account.refreshToken);
    expect(res.statusCode, res.body).toBe(200);
    const { created, expires } = await sessionOf(account.userId);
    expect(new Date(expires).getTime() - new Date(created).getTime()).toBeLessThanOrEqual(90 * 86_400_000 + 1000);
    expect(new Date(expires).getTime() - Date.now()).toBeLessThan(10.1 * 86_400_000);
  });

  it('ends a session 90 days after sign-in however recently it was refreshed', async () => {
    const account = await api.signup();
    const refreshed = await api.refresh(account.refreshToken);
    // Its stored expiry is still 30 days ahead (a session from before the cap), yet it began 90 days ago.
    await beganDaysAgo(account.userId, 90);
    expectProblem(await api.me(refreshed.json().accessToken), 401, 'INVALID_TOKEN');
    expectProblem(await api.refresh(refreshed.json().refreshToken), 401, 'INVALID_TOKEN');
  });
});

describe('absolute session lifetime, configured', () => {
  let short: TestApp;
  beforeAll(async () => {
    short = await createTestApp({ SESSION_ABSOLUTE_LIFETIME_DAYS: '7' });
  });
  afterAll(async () => short?.close());

  it('follows SESSION_ABSOLUTE_LIFETIME_DAYS', async () => {
    const other = new Api(short.app);
    const account = await other.signup();
    const { rows } = await short.app.platform.database.sql.query<{ days: number }>(
      'select extract(epoch from expires_at - created_at) / 86400 as days from auth_sessions where user_id = $1',
      [account.userId],
    );
    expect(Number(rows[0]?.days)).toBeCloseTo(7, 3);
  });
});

describe('cookie mode (web app)', () => {
  const cookieMode = { 'x-foyer-session': 'cookie' };

  it('sets the refresh token as an httpOnly, SameSite=Strict cookie scoped to the auth path', async () => {
    const account = await api.signup();
    const res = await api.login(account.email, account.password, { headers: cookieMode });
    expect(res.statusCode).toBe(200);
    expect(res.json()).not.toHaveProperty('refreshToken');
    expect(typeof res.json().accessToken).toBe('string');
    const header = String(res.headers['set-cookie']);
    expect(header).toMatch(/^foyer_refresh=rt_/);
    expect(header).toContain('HttpOnly');
    expect(header).toContain('SameSite=Strict');
    expect(header).toContain('Path=/api/v1/auth');
    // http:// public URL in tests: not Secure (it would be on https).
    expect(header).not.toContain('Secure');
  });

  it('sets no cookie and gives no token on sign-up, even in cookie mode', async () => {
    const res = await api.post('/api/v1/auth/signup', {
      headers: cookieMode,
      body: {
        email: `cookie.${Date.now()}.${Math.random().toString(36).slice(2)}@example.org`,
        password: 'tulip-canyon-42',
        name: 'C',
      },
    });
    expect(res.statusCode).toBe(202);
    expect(res.json()).toEqual({ status: 'accepted' });
    expect(cookieOf(res, 'foyer_refresh')).toBeUndefined();
  });

  // @foyer/client sends this refresh without a body (and without a content type), as a browser would.
  it('refreshes with only the cookie, no body at all', async () => {
    const account = await api.signup();
    const login = await api.login(account.email, account.password, { headers: cookieMode });
    const cookie = cookieOf(login, 'foyer_refresh')!.value;
    const res = await api.post('/api/v1/auth/refresh', { headers: cookieMode, cookies: { foyer_refresh: cookie } });
    expect(res.statusCode, res.body).toBe(200);
    expect(res.json()).not.toHaveProperty('refreshToken');
    expect(cookieOf(res, 'foyer_refresh')?.value).toMatch(/^rt_/);
  });

  it('refreshes with the cookie (empty JSON body) and rotates the cookie', async () => {
    const account = await api.signup();
    const login = await api.login(account.email, account.password, { headers: cookieMode });
    const cookie = cookieOf(login, 'foyer_refresh')!.value;
    const refresh = (value: string) =>
      api.post('/api/v1/auth/refresh', { headers: cookieMode, cookies: { foyer_refresh: value }, body: {} });
    const res = await refresh(cookie);
    expect(res.statusCode, res.body).toBe(200);
    expect(res.json()).not.toHaveProperty('refreshToken');
    const next = cookieOf(res, 'foyer_refresh')?.value;
    expect(next).toMatch(/^rt_/);
    expect(next).not.toBe(cookie);
    expect((await api.me(res.json().accessToken)).statusCode).toBe(200);
    // The old cookie is now a reuse.
    expectProblem(await refresh(cookie), 401, 'TOKEN_REUSED');
  });

  it('refuses a refresh by cookie without the session header (a cross-site form), and keeps the session', async () => {
    const account = await api.signup();
    const login = await api.login(account.email, account.password, { headers: cookieMode });
    const cookie = cookieOf(login, 'foyer_refresh')!.value;
    // What a form on another site can send: the cookie (were SameSite to fail), no custom header.
    for (const body of [undefined, {}]) {
      const res = await api.post('/api/v1/auth/refresh', { cookies: { foyer_refresh: cookie }, body });
      expectProblem(res, 403, 'SESSION_HEADER_REQUIRED');
      // Not spent, not cleared: the attempt neither rotates the token nor signs the person out.
      expect(cookieOf(res, 'foyer_refresh')).toBeUndefined();
    }
    const wrongMode = await api.post('/api/v1/auth/refresh', {
      headers: { 'x-foyer-session': 'body' },
      cookies: { foyer_refresh: cookie },
    });
    expectProblem(wrongMode, 403, 'SESSION_HEADER_REQUIRED');
    const res = await api.post('/api/v1/auth/refresh', { headers: cookieMode, cookies: { foyer_refresh: cookie } });
    expect(res.statusCode, res.body).toBe(200);
  });

  it('clears the cookie when the refresh fails', async () => {
    const res = await api.post('/api/v1/auth/refresh', {
      headers: cookieMode,
      cookies: { foyer_refresh: `rt_${'B'.repeat(43)}` },
      body: {},
    });
    expectProblem(res, 401, 'INVALID_TOKEN');
    const cleared = cookieOf(res, 'foyer_refresh');
    expect(cleared?.value ?? '').toBe('');
    expect(cleared?.path).toBe('/api/v1/auth');
  });

  it('clears the cookie on logout', async () => {
    const account = await api.signup();
    const res = await api.post('/api/v1/auth/logout', { token: account.accessToken });
    expect(res.statusCode).toBe(204);
    expect(cookieOf(res, 'foyer_refresh')?.value ?? 'missing').toBe('');
  });
});

describe('cookie mode behind HTTPS', () => {
  let secure: TestApp;
  beforeAll(async () => {
    secure = await createTestApp({ PUBLIC_URL: 'https://foyer.example' });
  });
  afterAll(async () => secure?.close());

  it('marks the refresh cookie Secure when the public URL is https', async () => {
    const https = new Api(secure.app);
    const account = await https.signup();
    const res = await https.login(account.email, account.password, { headers: { 'x-foyer-session': 'cookie' } });
    expect(res.statusCode).toBe(200);
    const cookie = cookieOf(res, 'foyer_refresh');
    expect(cookie).toMatchObject({ secure: true, httpOnly: true, sameSite: 'Strict', path: '/api/v1/auth' });
  });
});

describe('sessions', () => {
  it('lists the sessions with device, IP and last use; the caller’s is current', async () => {
    const account = await api.signup();
    const ip = uniqueIp();
    const other = await api.loginOk(account.email, account.password, { ip, headers: { 'user-agent': 'Phone/1.0' } });
    const res = await api.get('/api/v1/auth/sessions', { token: account.accessToken });
    expect(res.statusCode).toBe(200);
    const items = res.json().items as { id: string; current: boolean; ip: string; userAgent: string }[];
    expect(items).toHaveLength(2);
    expect(items.filter((s) => s.current)).toHaveLength(1);
    const phone = items.find((s) => !s.current)!;
    expect(phone).toMatchObject({ ip, userAgent: 'Phone/1.0' });
    const fromOther = (await api.get('/api/v1/auth/sessions', { token: other.accessToken })).json().items;
    expect(fromOther.find((s: { current: boolean }) => s.current).id).toBe(phone.id);
  });

  it('revokes another session: its access and refresh tokens stop working', async () => {
    const account = await api.signup();
    const other = await api.loginOk(account.email, account.password);
    const items = (await api.get('/api/v1/auth/sessions', { token: account.accessToken })).json().items;
    const target = items.find((s: { current: boolean }) => !s.current).id;
    expect((await api.delete(`/api/v1/auth/sessions/${target}`, { token: account.accessToken })).statusCode).toBe(204);
    expectProblem(await api.me(other.accessToken), 401, 'INVALID_TOKEN');
    expectProblem(await api.refresh(other.refreshToken), 401, 'INVALID_TOKEN');
    expect((await api.me(account.accessToken)).statusCode).toBe(200);
    const after = (await api.get('/api/v1/auth/sessions', { token: account.accessToken })).json().items;
    expect(after).toHaveLength(1);
  });

  it('answers 404 for another user’s session and leaves it alone', async () => {
    const alice = await api.signup();
    const mallory = await api.signup();
    const [aliceSession] = (await api.get('/api/v1/auth/sessions', { token: alice.accessToken })).json().items;
    const res = await api.delete(`/api/v1/auth/sessions/${aliceSession.id}`, { token: mallory.accessToken });
    expectProblem(res, 404, 'NOT_FOUND');
    expect((await api.me(alice.accessToken)).statusCode).toBe(200);
  });

  it('updates a session’s last use and IP when it refreshes', async () => {
    const account = await api.signup();
    const before = (await api.get('/api/v1/auth/sessions', { token: account.accessToken })).json().items[0];
    await new Promise((r) => setTimeout(r, 20));
    const ip = uniqueIp();
    const refreshed = await api.post('/api/v1/auth/refresh', { ip, body: { refreshToken: account.refreshToken } });
    expect(refreshed.statusCode).toBe(200);
    const after = (await api.get('/api/v1/auth/sessions', { token: refreshed.json().accessToken })).json().items[0];
    expect(after.id).toBe(before.id);
    expect(Date.parse(after.lastUsedAt)).toBeGreaterThan(Date.parse(before.lastUsedAt));
    expect(after.ip).toBe(ip);
  });

  it('logs out this session only', async () => {
    const account = await api.signup();
    const other = await api.loginOk(account.email, account.password);
    expect((await api.post('/api/v1/auth/logout', { token: account.accessToken })).statusCode).toBe(204);
    expectProblem(await api.me(account.accessToken), 401, 'INVALID_TOKEN');
    expectProblem(await api.refresh(account.refreshToken), 401, 'INVALID_TOKEN');
    expect((await api.me(other.accessToken)).statusCode).toBe(200);
  });

  it('logs out every session', async () => {
    const account = await api.signup();
    const other = await api.loginOk(account.email, account.password);
    expect((await api.post('/api/v1/auth/logout-all', { token: other.accessToken })).statusCode).toBe(204);
    for (const token of [account.accessToken, other.accessToken]) {
      expectProblem(await api.me(token), 401, 'INVALID_TOKEN');
    }
    for (const token of [account.refreshToken, other.refreshToken]) {
      expectProblem(await api.refresh(token), 401, 'INVALID_TOKEN');
    }
    // Signing in again works.
    expect((await api.login(account.email, account.password)).statusCode).toBe(200);
  });

  it('refuses a malformed session id with 422', async () => {
    const account = await api.signup();
    expectProblem(
      await api.delete('/api/v1/auth/sessions/not-a-uuid', { token: account.accessToken }),
      422,
      'VALIDATION_FAILED',
    );
  });
});
