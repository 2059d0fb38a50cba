import { randomBytes } from 'node:crypto';
import { type AuditEntry, AuditEntry as AuditEntrySchema, page } from '@foyer/contracts';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { Api, expectProblem, type SignedUp, uniqueEmail, uniqueIp } from '../../platform/testing/api-test-kit.ts';
import { createTestApp, type TestApp } from '../../platform/testing/test-app.ts';

let t: TestApp;
let api: Api;
let owner: SignedUp;
let admin: SignedUp;
let viewer: SignedUp;
let orgId: string;
let apiKeyId: string;
let apiKey: string;
let invitedEmail: string;
const ownerIp = uniqueIp();
const UA = 'audit-test-agent/1.0';

beforeAll(async () => {
  t = await createTestApp();
  api = new Api(t.app);
  owner = await api.signup({ name: 'Owner' });
  admin = await api.signup({ name: 'Admin' });
  viewer = await api.signup({ name: 'Viewer' });
  const as = { token: owner.accessToken, ip: ownerIp, headers: { 'user-agent': UA } };
  const org = await api.post('/api/v1/orgs', {
    ...as,
    body: { name: 'Audited', slug: `audited-${randomBytes(4).toString('hex')}` },
  });
  orgId = org.json().id;
  const ok = (res: { statusCode: number; body: string }, status: number) =>
    expect(res.statusCode, res.body).toBe(status);
  await api.addMember(as.token, orgId, admin, 'admin');
  await api.addMember(as.token, orgId, viewer, 'organizer');
  invitedEmail = uniqueEmail('audit.invitee');
  ok(await api.post(`/api/v1/orgs/${orgId}/members`, { ...as, body: { email: invitedEmail, role: 'viewer' } }), 201);
  ok(await api.patch(`/api/v1/orgs/${orgId}/members/${viewer.userId}`, { ...as, body: { role: 'viewer' } }), 200);
  const removed = await api.signup({ name: 'Leaver' });
  await api.addMember(as.token, orgId, removed, 'viewer');
  ok(await api.delete(`/api/v1/orgs/${orgId}/members/${removed.userId}`, as), 204);
  const key = await api.post(`/api/v1/orgs/${orgId}/api-keys`, {
    ...as,
    body: { name: 'K', scopes: ['catalog:read'] },
  });
  ok(key, 201);
  apiKeyId = key.json().id;
  apiKey = key.json().key;
  ok(await api.delete(`/api/v1/orgs/${orgId}/api-keys/${apiKeyId}`, as), 204);
  // A sign-in, which belongs to no organization.
  ok(await api.login(owner.email, owner.password, { ip: ownerIp }), 200);
});
afterAll(async () => t?.close());

const Page = page(AuditEntrySchema);

async function auditLog(query = '', token = owner.accessToken) {
  const res = await api.get(`/api/v1/orgs/${orgId}/audit-log${query}`, { token });
  expect(res.statusCode, res.body).toBe(200);
  return Page.parse(res.json());
}

describe('audit log', () => {
  it('records organization, membership and API-key events, newest first', async () => {
    const { items } = await auditLog('?limit=200');
    expect(items.map((e) => e.action)).toEqual([
      'api_key.revoked',
      'api_key.created',
      'member.removed',
      'member.joined',
      'member.invited',
      'member.role_changed',
      'member.invited',
      'member.joined',
      'member.invited',
      'member.joined',
      'member.invited',
      'org.created',
    ]);
    const ids = items.map((e) => Number(e.id));
    expect(ids).toEqual([...ids].sort((a, b) => b - a));
  });

  it('records actor, target, IP, user agent and context of each entry', async () => {
    const { items } = await auditLog('?action=member.role_changed');
    expect(items).toHaveLength(1);
    expect(items[0]).toMatchObject({
      organizationId: orgId,
      actorType: 'user',
      actorId: owner.userId,
      targetType: 'user',
      targetId: viewer.userId,
      ip: ownerIp,
      userAgent: UA,
      metadata: { from: 'organizer', to: 'viewer' },
    });
    expect(Date.parse(items[0]!.createdAt)).toBeGreaterThan(Date.now() - 120_000);
  });

  it('keeps personal data and secrets out of the entries', async () => {
    const { items } = await auditLog('?limit=200');
    const dump = JSON.stringify(items).toLowerCase();
    for (const email of [owner.email, admin.email, viewer.email, invitedEmail]) {
      expect(dump).not.toContain(email.split('@')[0]!.toLowerCase());
    }
    expect(dump).not.toContain(apiKey.slice(10).toLowerCase());
    const created = items.find((e) => e.action === 'api_key.created');
    expect(created).toMatchObject({
      targetType: 'api_key',
      targetId: apiKeyId,
      metadata: { scopes: ['catalog:read'] },
    });
  });

  it('keeps sign-in events out of the organization’s log but records them', async () => {
    const { items } = await auditLog('?limit=200');
    expect(items.some((e) => e.action.startsWith('auth.'))).toBe(false);
    const { rows } = await t.app.platform.database.sql.query(
      `select * from audit_log where action = 'auth.login' and actor_id = $1 and ip = $2`,
      [owner.userId, ownerIp],
    );
    expect(rows).toHaveLength(1);
    expect(rows[0]?.organization_id).toBeNull();
  });

  it('filters by action', async () => {
    const { items } = await auditLog('?action=member.joined');
    expect(items).toHaveLength(3);
    expect(new Set(items.map((e) => e.action))).toEqual(new Set(['member.joined']));
    expect((await auditLog('?action=no.such.action')).items).toEqual([]);
  });

  it('filters by actor and target', async () => {
    const byTarget = await auditLog(`?targetId=${viewer.userId}`);
    expect(byTarget.items.map((e) => e.action).sort()).toEqual(['member.joined', 'member.role_changed']);
    // The admin did one thing: accept their invitation.
    const byActor = await auditLog(`?actorId=${admin.userId}`);
    expect(byActor.items.map((e) => e.action)).toEqual(['member.joined']);
  });

  it('filters by time', async () => {
    const future = new Date(Date.now() + 3_600_000).toISOString();
    expect((await auditLog(`?from=${encodeURIComponent(future)}`)).items).toEqual([]);
    expect((await auditLog(`?to=${encodeURIComponent(future)}&limit=200`)).items).toHaveLength(12);
  });

  it('pages with a cursor: limit=2, following nextCursor, without duplicates or gaps', async () => {
    const all = (await auditLog('?limit=200')).items.map((e) => e.id);
    const seen: string[] = [];
    let cursor: string | null = null;
    let pages = 0;
    do {
      const q: string = `?limit=2${cursor ? `&cursor=${encodeURIComponent(cursor)}` : ''}`;
      const p = await auditLog(q);
      expect(p.items.length).toBeLessThanOrEqual(2);
      seen.push(...p.items.map((e: AuditEntry) => e.id));
      cursor = p.nextCursor;
      pages++;
    } while (cursor && pages < 20);
    expect(pages).toBe(6);
    expect(new Set(seen).size).toBe(seen.length);
    expect(seen).toEqual(all);
  });

  it('answers nextCursor null on the last page', async () => {
    const p = await auditLog('?limit=200');
    expect(p.nextCursor).toBeNull();
  });

  it('combines a filter with pagination', async () => {
    const first = await auditLog('?action=member.joined&limit=2');
    expect(first.items).toHaveLength(2);
    expect(first.nextCursor).not.toBeNull();
    const second = await auditLog(`?action=member.joined&limit=2&cursor=${encodeURIComponent(first.nextCursor!)}`);
    expect(second.items).toHaveLength(1);
    expect(second.nextCursor).toBeNull();
  });

  it('is readable by admins, not by viewers, outsiders or API keys', async () => {
    expect((await auditLog('', admin.accessToken)).items.length).toBeGreaterThan(0);
    const url = `/api/v1/orgs/${orgId}/audit-log`;
    expectProblem(await api.get(url, { token: viewer.accessToken }), 403, 'FORBIDDEN');
    const outsider = await api.signup();
    expectProblem(await api.get(url, { token: outsider.accessToken }), 403, 'FORBIDDEN');
    expectProblem(await api.get(url), 401, 'UNAUTHENTICATED');
  });

  it('refuses UPDATE and DELETE on the table (append-only)', async () => {
    const { sql } = t.app.platform.database;
    await expect(
      sql.query(`update audit_log set action = 'forged' where organization_id = $1`, [orgId]),
    ).rejects.toThrow(/append-only/);
    await expect(sql.query('delete from audit_log where organization_id = $1', [orgId])).rejects.toThrow(/append-only/);
    expect((await auditLog('?limit=200')).items).toHaveLength(12);
  });
});
