import { randomBytes } from 'node:crypto';
import { CreatedApiKey } from '@foyer/contracts';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { Api, expectProblem, type SignedUp } from '../../platform/testing/api-test-kit.ts';
import { createTestApp, type TestApp } from '../../platform/testing/test-app.ts';

let t: TestApp;
let api: Api;
let owner: SignedUp;
let orgId: string;
let otherOrgId: string;
beforeAll(async () => {
  t = await createTestApp();
  api = new Api(t.app);
  owner = await api.signup();
  orgId = await createOrg(owner.accessToken);
  otherOrgId = await createOrg((await api.signup()).accessToken);
});
afterAll(async () => t?.close());

async function createOrg(token: string): Promise<string> {
  const res = await api.post('/api/v1/orgs', {
    token,
    body: { name: 'Keys Org', slug: `keys-${randomBytes(4).toString('hex')}` },
  });
  expect(res.statusCode).toBe(201);
  return res.json().id;
}

async function createKey(scopes: string[], org = orgId, token = owner.accessToken) {
  const res = await api.post(`/api/v1/orgs/${org}/api-keys`, { token, body: { name: 'Website', scopes } });
  expect(res.statusCode, res.body).toBe(201);
  return CreatedApiKey.parse(res.json());
}

const withBearer = (url: string, key: string) => api.get(url, { headers: { authorization: `Bearer ${key}` } });
const withHeader = (url: string, key: string) => api.get(url, { headers: { 'x-api-key': key } });

describe('API keys', () => {
  it('creates a key starting with fyr_ and shows it once', async () => {
    const created = await createKey(['catalog:read', 'registrations:write']);
    expect(created.key).toMatch(/^fyr_[A-Za-z0-9_-]{43}$/);
    expect(created.key.startsWith(created.prefix)).toBe(true);
    expect(created.scopes).toEqual(['catalog:read', 'registrations:write']);
  });

  it('lists keys with prefix and scopes but never the key', async () => {
    const created = await createKey(['catalog:read']);
    const res = await api.get(`/api/v1/orgs/${orgId}/api-keys`, { token: owner.accessToken });
    expect(res.statusCode).toBe(200);
    const listed = res.json().items.find((k: { id: string }) => k.id === created.id);
    expect(listed).toMatchObject({ prefix: created.prefix, scopes: ['catalog:read'], name: 'Website' });
    expect(listed).not.toHaveProperty('key');
    expect(res.body).not.toContain(created.key);
  });

  it('stores only a hash of the key', async () => {
    const created = await createKey(['catalog:read']);
    const { rows } = await t.app.platform.database.sql.query('select * from api_keys where id = $1', [created.id]);
    expect(rows).toHaveLength(1);
    expect(JSON.stringify(rows)).not.toContain(created.key.slice(10));
  });

  it('refuses unknown scopes and an empty scope list with 422', async () => {
    for (const scopes of [[], ['everything'], ['catalog:read', 'admin']]) {
      const res = await api.post(`/api/v1/orgs/${orgId}/api-keys`, {
        token: owner.accessToken,
        body: { name: 'Bad', scopes },
      });
      expectProblem(res, 422, 'VALIDATION_FAILED');
    }
  });

  it('authenticates with Authorization: Bearer and with X-Api-Key when it has catalog:read', async () => {
    const { key } = await createKey(['catalog:read']);
    for (const res of [
      await withBearer(`/api/v1/orgs/${orgId}`, key),
      await withHeader(`/api/v1/orgs/${orgId}`, key),
    ]) {
      expect(res.statusCode, res.body).toBe(200);
      expect(res.json()).toMatchObject({ id: orgId, role: null });
    }
  });

  it('records when a key was last used', async () => {
    const created = await createKey(['catalog:read']);
    expect(created.lastUsedAt).toBeNull();
    await withHeader(`/api/v1/orgs/${orgId}`, created.key);
    const listed = (await api.get(`/api/v1/orgs/${orgId}/api-keys`, { token: owner.accessToken }))
      .json()
      .items.find((k: { id: string }) => k.id === created.id);
    expect(listed.lastUsedAt).not.toBeNull();
  });

  it('answers 403 for a key without the needed scope', async () => {
    const { key } = await createKey(['registrations:write']);
    expectProblem(await withBearer(`/api/v1/orgs/${orgId}`, key), 403, 'FORBIDDEN');
    expectProblem(await withHeader(`/api/v1/orgs/${orgId}`, key), 403, 'FORBIDDEN');
  });

  it('answers 403 for another organization', async () => {
    const { key } = await createKey(['catalog:read']);
    expectProblem(await withBearer(`/api/v1/orgs/${otherOrgId}`, key), 403, 'FORBIDDEN');
  });

  it('answers 403 on user routes such as /me', async () => {
    const { key } = await createKey(['catalog:read', 'catalog:write', 'registrations:read', 'registrations:write']);
    expectProblem(await withBearer('/api/v1/me', key), 403, 'FORBIDDEN');
    expectProblem(await withHeader('/api/v1/orgs', key), 403, 'FORBIDDEN');
    expectProblem(await withHeader(`/api/v1/orgs/${orgId}/members`, key), 403, 'FORBIDDEN');
    expectProblem(await withHeader(`/api/v1/orgs/${orgId}/api-keys`, key), 403, 'FORBIDDEN');
  });

  it('answers 401 for an unknown key', async () => {
    expectProblem(await withBearer(`/api/v1/orgs/${orgId}`, `fyr_${'x'.repeat(43)}`), 401, 'INVALID_TOKEN');
  });

  it('revokes a key: it gets 401 afterwards and leaves the list', async () => {
    const created = await createKey(['catalog:read']);
    expect((await withHeader(`/api/v1/orgs/${orgId}`, created.key)).statusCode).toBe(200);
    const res = await api.delete(`/api/v1/orgs/${orgId}/api-keys/${created.id}`, { token: owner.accessToken });
    expect(res.statusCode).toBe(204);
    expectProblem(await withHeader(`/api/v1/orgs/${orgId}`, created.key), 401, 'INVALID_TOKEN');
    expectProblem(await withBearer(`/api/v1/orgs/${orgId}`, created.key), 401, 'INVALID_TOKEN');
    const listed = (await api.get(`/api/v1/orgs/${orgId}/api-keys`, { token: owner.accessToken })).json().items;
    expect(listed.map((k: { id: string }) => k.id)).not.toContain(created.id);
    // Revoking twice: nothing left to revoke.
    expectProblem(
      await api.delete(`/api/v1/orgs/${orgId}/api-keys/${created.id}`, { token: owner.accessToken }),
      404,
      'NOT_FOUND',
    );
  });

  it('cannot revoke another organization’s key through its own organization', async () => {
    const foreignOwner = await api.signup();
    const foreignOrg = await createOrg(foreignOwner.accessToken);
    const foreign = await createKey(['catalog:read'], foreignOrg, foreignOwner.accessToken);
    expectProblem(
      await api.delete(`/api/v1/orgs/${orgId}/api-keys/${foreign.id}`, { token: owner.accessToken }),
      404,
      'NOT_FOUND',
    );
    expect((await withHeader(`/api/v1/orgs/${foreignOrg}`, foreign.key)).statusCode).toBe(200);
  });

  it('lets only admins and owners manage keys', async () => {
    const viewer = await api.signup();
    const organizer = await api.signup();
    for (const [person, role] of [
      [viewer, 'viewer'],
      [organizer, 'organizer'],
    ] as const) {
      await api.addMember(owner.accessToken, orgId, person, role);
      const denied = await api.post(`/api/v1/orgs/${orgId}/api-keys`, {
        token: person.accessToken,
        body: { name: 'Mine', scopes: ['catalog:read'] },
      });
      expectProblem(denied, 403, 'FORBIDDEN');
      expectProblem(await api.get(`/api/v1/orgs/${orgId}/api-keys`, { token: person.accessToken }), 403, 'FORBIDDEN');
    }
  });
});
