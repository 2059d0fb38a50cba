import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestApp, type TestApp } from '../testing/test-app.ts';

/** The access gate answers before body validation: the schema of a private route is not told to strangers. */
let t: TestApp;
beforeAll(async () => {
  t = await createTestApp();
}, 60_000);
afterAll(async () => t?.close());

describe('access gate before validation', () => {
  it('answers an anonymous bad body on a private route with 401, not 422 and the field list', async () => {
    const res = await t.app.inject({
      method: 'POST',
      url: '/api/v1/orgs/00000000-0000-4000-8000-000000000000/events',
      payload: { name: 42 },
    });
    expect(res.statusCode).toBe(401);
    expect(res.json().code).toBe('UNAUTHENTICATED');
    expect(res.json().errors).toBeUndefined();
  });

  it('answers an anonymous request with malformed path parameters on a private route with 401', async () => {
    const res = await t.app.inject({ method: 'PATCH', url: '/api/v1/orgs/not-a-uuid', payload: { name: 42 } });
    expect(res.statusCode).toBe(401);
  });

  it('still validates the body of a public route and of a caller the gate lets through', async () => {
    const signup = await t.app.inject({ method: 'POST', url: '/api/v1/auth/signup', payload: { email: 'nope' } });
    expect(signup.statusCode).toBe(422);
    await t.app.inject({
      method: 'POST',
      url: '/api/v1/auth/signup',
      payload: { email: 'gate@example.org', password: 'correct horse battery staple', name: 'Gate' },
    });
    const user = await t.app.inject({
      method: 'POST',
      url: '/api/v1/auth/login',
      payload: { email: 'gate@example.org', password: 'correct horse battery staple' },
    });
    const token = user.json().accessToken as string;
    const org = await t.app.inject({
      method: 'POST',
      url: '/api/v1/orgs',
      headers: { authorization: `Bearer ${token}` },
      payload: { name: 'Gate Org', slug: 'gate-org' },
    });
    const bad = await t.app.inject({
      method: 'POST',
      url: `/api/v1/orgs/${org.json().id}/events`,
      headers: { authorization: `Bearer ${token}` },
      payload: { name: 42 },
    });
    expect(bad.statusCode).toBe(422);
    expect(bad.json().code).toBe('VALIDATION_FAILED');
    const malformed = await t.app.inject({
      method: 'GET',
      url: '/api/v1/orgs/not-a-uuid',
      headers: { authorization: `Bearer ${token}` },
    });
    expect(malformed.statusCode).toBe(422);
  });
});
