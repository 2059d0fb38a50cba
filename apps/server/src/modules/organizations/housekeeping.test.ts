import { randomBytes } from 'node:crypto';
import { and, eq, inArray } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { loadConfig } from '../../platform/config/config.ts';
import { servicesOf } from '../../platform/module.ts';
import { Api, type SignedUp, uniqueEmail } from '../../platform/testing/api-test-kit.ts';
import { createTestApp, type TestApp } from '../../platform/testing/test-app.ts';
import { auditLog } from '../audit/index.ts';
import { ORGANIZATIONS_CLEAN_UP_QUEUE, OrganizationsCleanUp } from './housekeeping.ts';
import { organizationsModule } from './index.ts';
import { invitations, memberships } from './schema.ts';

let t: TestApp;
let api: Api;
let owner: SignedUp;
let orgId: string;
const DAY = 86_400_000;

beforeAll(async () => {
  t = await createTestApp();
  api = new Api(t.app);
  owner = await api.signup();
  const res = await api.post('/api/v1/orgs', {
    token: owner.accessToken,
    body: { name: 'Tidy Crew', slug: `tidy-${randomBytes(4).toString('hex')}` },
  });
  expect(res.statusCode, res.body).toBe(201);
  orgId = res.json().id;
});
afterAll(async () => t?.close());

async function invite(tag: string): Promise<{ email: string; id: string }> {
  const email = uniqueEmail(tag);
  const res = await api.post(`/api/v1/orgs/${orgId}/members`, {
    token: owner.accessToken,
    body: { email, role: 'viewer' },
  });
  expect(res.statusCode, res.body).toBe(201);
  return { email, id: res.json().invitationId };
}

/** Moves an invitation's expiry to `daysAgo` days before now. */
async function expire(id: string, daysAgo: number): Promise<void> {
  const { db } = t.app.platform.database;
  await db
    .update(invitations)
    .set({ expiresAt: new Date(Date.now() - daysAgo * DAY) })
    .where(eq(invitations.id, id));
}

describe('organizations clean-up', () => {
  it('is a daily job with a 30-day default retention, configurable', () => {
    expect(t.app.platform.jobs.queueNames()).toContain(ORGANIZATIONS_CLEAN_UP_QUEUE);
    expect(loadConfig({}).expiredInvitationRetentionDays).toBe(30);
    expect(loadConfig({ EXPIRED_INVITATION_RETENTION_DAYS: '7' }).expiredInvitationRetentionDays).toBe(7);
    expect(() => loadConfig({ EXPIRED_INVITATION_RETENTION_DAYS: '0' })).toThrow(/EXPIRED_INVITATION_RETENTION_DAYS/);
  });

  it('deletes invitations expired unaccepted more than N days ago; keeps accepted ones and the audit trail', async () => {
    const { db } = t.app.platform.database;
    const cleanUp = servicesOf(t.app.platform, organizationsModule).organizationsCleanUp;

    const open = await invite('open'); // still valid
    const recent = await invite('recent'); // expired 5 days ago: within the retention period
    const stale = await invite('stale'); // expired 31 days ago, never answered
    const withdrawn = await invite('withdrawn'); // withdrawn, expired 60 days ago
    const accepted = await invite('accepted'); // accepted, expired 60 days ago
    expect(
      (await api.delete(`/api/v1/orgs/${orgId}/invitations/${withdrawn.id}`, { token: owner.accessToken })).statusCode,
    ).toBe(204);
    const token = await api.tokenFromMail(accepted.email, 'org.invitation');
    const invitee = await api.signup({ email: accepted.email });
    const join = await api.post('/api/v1/invitations/accept', { token: invitee.accessToken, body: { token } });
    expect(join.statusCode, join.body).toBe(200);
    await expire(recent.id, 5);
    await expire(stale.id, 31);
    await expire(withdrawn.id, 60);
    await expire(accepted.id, 60);

    expect(await cleanUp.run(new Date())).toEqual({ expiredInvitations: 2 });
    const left = await db.select({ id: invitations.id }).from(invitations).where(eq(invitations.organizationId, orgId));
    expect(left.map((r) => r.id).sort()).toEqual([open.id, recent.id, accepted.id].sort());
    // Nothing left to do on a second run.
    expect(await cleanUp.run(new Date())).toEqual({ expiredInvitations: 0 });
    // The cut-off moves with `now`: 26 days on, the recent one is past 30 days too.
    expect(await cleanUp.run(new Date(Date.now() + 26 * DAY))).toEqual({ expiredInvitations: 1 });

    // The membership made from the accepted invitation and the history of all of them stay.
    const [member] = await db
      .select()
      .from(memberships)
      .where(and(eq(memberships.organizationId, orgId), eq(memberships.userId, invitee.userId)));
    expect(member?.role).toBe('viewer');
    const history = await db
      .select({ action: auditLog.action, targetId: auditLog.targetId })
      .from(auditLog)
      .where(
        and(
          eq(auditLog.organizationId, orgId),
          inArray(auditLog.action, ['member.invited', 'member.invitation_revoked']),
        ),
      );
    expect(history).toEqual(
      expect.arrayContaining([
        { action: 'member.invited', targetId: stale.id },
        { action: 'member.invited', targetId: withdrawn.id },
        { action: 'member.invitation_revoked', targetId: withdrawn.id },
      ]),
    );
    const audit = await api.get(`/api/v1/orgs/${orgId}/audit-log`, { token: owner.accessToken });
    expect(audit.statusCode, audit.body).toBe(200);
  });

  it('takes its retention period from the options', async () => {
    const { db } = t.app.platform.database;
    const recent = await invite('short-retention');
    await expire(recent.id, 5);
    expect(await new OrganizationsCleanUp(db, { expiredInvitationRetentionDays: 6 }).run(new Date())).toEqual({
      expiredInvitations: 0,
    });
    expect(await new OrganizationsCleanUp(db, { expiredInvitationRetentionDays: 4 }).run(new Date())).toEqual({
      expiredInvitations: 1,
    });
    expect(await db.select().from(invitations).where(eq(invitations.id, recent.id))).toEqual([]);
  });
});
