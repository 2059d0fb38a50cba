import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { Api, expectProblem, uniqueEmail } from '../../platform/testing/api-test-kit.ts';
import { createTestApp, type TestApp } from '../../platform/testing/test-app.ts';

let t: TestApp;
let api: Api;
beforeAll(async () => {
  t = await createTestApp({ CORS_ORIGINS: 'https://app.example.org' });
  api = new Api(t.app);
});
afterAll(async () => t?.close());

describe('invitation preview and related details', () => {
  it('names the organization and role of an open invitation, without signing in', async () => {
    const owner = await api.signup();
    const org = (
      await api.post('/api/v1/orgs', {
        token: owner.accessToken,
        body: { name: 'Harbour Fest', slug: `hf-${Date.now()}` },
      })
    ).json();
    const invitee = uniqueEmail('invitee');
    await api.post(`/api/v1/orgs/${org.id}/members`, {
      token: owner.accessToken,
      body: { email: invitee, role: 'organizer' },
    });
    const token = await api.tokenFromMail(invitee, 'org.invitation');
    const res = await api.post('/api/v1/invitations/preview', { body: { token } });
    expect(res.statusCode, res.body).toBe(200);
    expect(res.json()).toMatchObject({
      organizationName: 'Harbour Fest',
      organizationSlug: org.slug,
      role: 'organizer',
    });
    expect(JSON.stringify(res.json())).not.toContain(invitee);
    expectProblem(
      await api.post('/api/v1/invitations/preview', { body: { token: 'y'.repeat(43) } }),
      400,
      'INVALID_TOKEN',
    );
  });

  it('reports a weak new password on the newPassword field with a reason code', async () => {
    const user = await api.signup();
    const res = await api.post('/api/v1/auth/password', {
      token: user.accessToken,
      body: { currentPassword: user.password, newPassword: 'qwerty123' },
    });
    const problem = expectProblem(res, 422, 'WEAK_PASSWORD');
    expect(problem.errors).toEqual([
      { field: 'body.newPassword', message: expect.any(String), code: 'password_common' },
    ]);
  });

  it('keeps the name of a revoked API key in the audit log', async () => {
    const owner = await api.signup();
    const org = (
      await api.post('/api/v1/orgs', { token: owner.accessToken, body: { name: 'Keys', slug: `k-${Date.now()}` } })
    ).json();
    const key = (
      await api.post(`/api/v1/orgs/${org.id}/api-keys`, {
        token: owner.accessToken,
        body: { name: 'kiosk app', scopes: ['catalog:read'] },
      })
    ).json();
    expect(
      (await api.delete(`/api/v1/orgs/${org.id}/api-keys/${key.id}`, { token: owner.accessToken })).statusCode,
    ).toBe(204);
    const log = (
      await api.get(`/api/v1/orgs/${org.id}/audit-log?action=api_key.revoked`, { token: owner.accessToken })
    ).json();
    expect(log.items[0].metadata).toMatchObject({ name: 'kiosk app', scopes: ['catalog:read'] });
  });

  it('allows credentials for configured CORS origins', async () => {
    const res = await api.call('POST', '/api/v1/auth/refresh', {
      headers: { origin: 'https://app.example.org', 'access-control-request-method': 'POST' },
    });
    expect(res.headers['access-control-allow-credentials']).toBe('true');
    expect(res.headers['access-control-allow-origin']).toBe('https://app.example.org');
  });
});
