import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestApp, type TestApp } from '../testing/test-app.ts';

/** Answers with tokens or personal data are never stored by a browser or proxy; public reads may be revalidated. */
let t: TestApp;
beforeAll(async () => {
  t = await createTestApp();
}, 60_000);
afterAll(async () => t?.close());

describe('Cache-Control', () => {
  it('is no-store on sign-up, login, /me and error answers, and revalidation on public reads', async () => {
    const credentials = { email: 'cache@example.org', password: 'correct horse battery staple' };
    const signup = await t.app.inject({
      method: 'POST',
      url: '/api/v1/auth/signup',
      payload: { ...credentials, name: 'Cache' },
    });
    expect(signup.headers['cache-control']).toBe('no-store');
    const login = await t.app.inject({ method: 'POST', url: '/api/v1/auth/login', payload: credentials });
    expect(login.statusCode).toBe(200);
    expect(login.headers['cache-control']).toBe('no-store');
    const me = await t.app.inject({
      url: '/api/v1/me',
      headers: { authorization: `Bearer ${login.json().accessToken}` },
    });
    expect(me.statusCode).toBe(200);
    expect(me.headers['cache-control']).toBe('no-store');
    const missing = await t.app.inject({ url: '/api/v1/orgs/00000000-0000-4000-8000-000000000000' });
    expect(missing.headers['cache-control']).toBe('no-store');

    const events = await t.app.inject({ url: '/api/v1/events' });
    expect(events.statusCode).toBe(200);
    expect(events.headers['cache-control']).toMatch(/no-cache/);
    expect(events.headers['cache-control']).not.toMatch(/no-store/);
  });
});
