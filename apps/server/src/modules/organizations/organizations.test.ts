import { randomBytes } from 'node:crypto';
import { Member, Organization } from '@foyer/contracts';
import pg from 'pg';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { Api, expectProblem, type SignedUp, uniqueEmail } from '../../platform/testing/api-test-kit.ts';
import { createTestApp, eventually, type TestApp } from '../../platform/testing/test-app.ts';
import { onRealPostgres } from '../../platform/testing/test-database.ts';

let t: TestApp;
let api: Api;
beforeAll(async () => {
  t = await createTestApp();
  api = new Api(t.app);
});
afterAll(async () => t?.close());

const slug = (tag = 'org') => `${tag}-${randomBytes(4).toString('hex')}`;

async function createOrg(token: string, body: { name?: string; slug?: string } = {}): Promise<Organization> {
  const res = await api.post('/api/v1/orgs', {
    token,
    body: { name: body.name ?? 'Festival Crew', slug: body.slug ?? slug() },
  });
  expect(res.statusCode, res.body).toBe(201);
  return Organization.parse(res.json());
}

const members = async (token: string, orgId: string): Promise<Member[]> => {
  const res = await api.get(`/api/v1/orgs/${orgId}/members`, { token });
  expect(res.statusCode, res.body).toBe(200);
  return res.json().items;
};

const invite = (token: string, orgId: string, email: string, role: string) =>
  api.post(`/api/v1/orgs/${orgId}/members`, { token, body: { email, role } });

const setRole = (token: string, orgId: string, userId: string, role: string) =>
  api.patch(`/api/v1/orgs/${orgId}/members/${userId}`, { token, body: { role } });

const removeMember = (token: string, orgId: string, userId: string) =>
  api.delete(`/api/v1/orgs/${orgId}/members/${userId}`, { token });

/** An organization with an owner and one member of each other role (all existing users). */
async function team() {
  const owner = await api.signup({ name: 'Owner' });
  const org = await createOrg(owner.accessToken);
  const people: Record<'admin' | 'organizer' | 'viewer', SignedUp> = {
    admin: await api.signup({ name: 'Admin' }),
    organizer: await api.signup({ name: 'Organizer' }),
    viewer: await api.signup({ name: 'Viewer' }),
  };
  for (const [role, person] of Object.entries(people)) await api.addMember(owner.accessToken, org.id, person, role);
  return { owner, org, ...people };
}

describe('organizations', () => {
  it('creates an organization with its creator as owner', async () => {
    const owner = await api.signup();
    const s = slug('crew');
    const org = await createOrg(owner.accessToken, { name: 'The Crew', slug: s });
    expect(org).toMatchObject({ name: 'The Crew', slug: s, role: 'owner' });
    const list = await members(owner.accessToken, org.id);
    expect(list).toEqual([expect.objectContaining({ userId: owner.userId, role: 'owner', status: 'active' })]);
  });

  it('refuses a slug that is taken with 409 SLUG_TAKEN', async () => {
    const owner = await api.signup();
    const s = slug();
    await createOrg(owner.accessToken, { slug: s });
    const res = await api.post('/api/v1/orgs', { token: owner.accessToken, body: { name: 'Copy', slug: s } });
    const problem = expectProblem(res, 409, 'SLUG_TAKEN');
    expect(problem.errors?.[0]?.field).toBe('body.slug');
  });

  it.each(['Upper-Case', '-leading', 'trailing-', 'a', 'sp ace', 'ünïcode', 'x'.repeat(64)])(
    'refuses the invalid slug %j with 422',
    async (bad) => {
      const owner = await api.signup();
      const res = await api.post('/api/v1/orgs', { token: owner.accessToken, body: { name: 'Bad', slug: bad } });
      const problem = expectProblem(res, 422, 'VALIDATION_FAILED');
      expect(problem.errors?.map((e) => e.field)).toContain('body.slug');
    },
  );

  it('needs a signed-in user to create one', async () => {
    expectProblem(await api.post('/api/v1/orgs', { body: { name: 'X', slug: slug() } }), 401, 'UNAUTHENTICATED');
  });

  it('lists only my organizations, with my role', async () => {
    const me = await api.signup();
    const stranger = await api.signup();
    const mine = await createOrg(me.accessToken, { name: 'Alpha' });
    await createOrg(stranger.accessToken, { name: 'Beta' });
    const res = await api.get('/api/v1/orgs', { token: me.accessToken });
    expect(res.statusCode).toBe(200);
    expect(res.json().items).toEqual([expect.objectContaining({ id: mine.id, name: 'Alpha', role: 'owner' })]);
  });

  it('shows an organization to members only', async () => {
    const { owner, org, viewer } = await team();
    const outsider = await api.signup();
    expect((await api.get(`/api/v1/orgs/${org.id}`, { token: viewer.accessToken })).json()).toMatchObject({
      id: org.id,
      role: 'viewer',
    });
    expect((await api.get(`/api/v1/orgs/${org.id}`, { token: owner.accessToken })).json().role).toBe('owner');
    expectProblem(await api.get(`/api/v1/orgs/${org.id}`, { token: outsider.accessToken }), 403, 'FORBIDDEN');
  });

  it('lets admins rename an organization and change its slug, not organizers', async () => {
    const { org, admin, organizer } = await team();
    const s = slug('renamed');
    const res = await api.patch(`/api/v1/orgs/${org.id}`, {
      token: admin.accessToken,
      body: { name: 'Renamed', slug: s },
    });
    expect(res.statusCode, res.body).toBe(200);
    expect(res.json()).toMatchObject({ name: 'Renamed', slug: s, role: 'admin' });
    const denied = await api.patch(`/api/v1/orgs/${org.id}`, { token: organizer.accessToken, body: { name: 'No' } });
    expectProblem(denied, 403, 'FORBIDDEN');
  });

  it('refuses to change the slug to a taken one with 409 SLUG_TAKEN', async () => {
    const owner = await api.signup();
    const taken = slug('taken');
    await createOrg(owner.accessToken, { slug: taken });
    const org = await createOrg(owner.accessToken);
    const res = await api.patch(`/api/v1/orgs/${org.id}`, { token: owner.accessToken, body: { slug: taken } });
    expectProblem(res, 409, 'SLUG_TAKEN');
    // And nothing changed.
    expect((await api.get(`/api/v1/orgs/${org.id}`, { token: owner.accessToken })).json().slug).toBe(org.slug);
  });
});

describe('members', () => {
  it('invites an existing user, who becomes a member only by accepting', async () => {
    const owner = await api.signup();
    const org = await createOrg(owner.accessToken, { name: 'Mailers' });
    const guest = await api.signup({ name: 'Existing Person' });
    const res = await invite(owner.accessToken, org.id, guest.email.toUpperCase(), 'organizer');
    expect(res.statusCode, res.body).toBe(201);
    expect(Member.parse(res.json())).toMatchObject({ userId: null, role: 'organizer', status: 'invited' });
    // Not a member yet: nobody joins an organization (and is seen by its admins) unasked.
    expect((await api.get('/api/v1/orgs', { token: guest.accessToken })).json().items).toEqual([]);
    expectProblem(await api.get(`/api/v1/orgs/${org.id}`, { token: guest.accessToken }), 403, 'FORBIDDEN');
    const token = await api.tokenFromMail(guest.email, 'org.invitation');
    const [mail] = await api.mails(guest.email, 'org.invitation');
    expect(mail?.subject).toContain('Mailers');
    const accepted = await api.post('/api/v1/invitations/accept', { token: guest.accessToken, body: { token } });
    expect(accepted.statusCode, accepted.body).toBe(200);
    const orgs = (await api.get('/api/v1/orgs', { token: guest.accessToken })).json().items;
    expect(orgs).toEqual([expect.objectContaining({ id: org.id, role: 'organizer' })]);
  });

  it('answers 409 ALREADY_MEMBER when the person is a member already', async () => {
    const { owner, org, viewer } = await team();
    expectProblem(await invite(owner.accessToken, org.id, viewer.email, 'admin'), 409, 'ALREADY_MEMBER');
    expect((await members(owner.accessToken, org.id)).find((m) => m.userId === viewer.userId)?.role).toBe('viewer');
  });

  it('invites an unknown email: a pending invitation and a mail with a link', async () => {
    const owner = await api.signup();
    const org = await createOrg(owner.accessToken, { name: 'Inviters' });
    const email = uniqueEmail('invitee');
    const res = await invite(owner.accessToken, org.id, email, 'viewer');
    expect(res.statusCode, res.body).toBe(201);
    expect(res.json()).toMatchObject({ userId: null, status: 'invited', role: 'viewer', email });
    expect((await members(owner.accessToken, org.id)).filter((m) => m.status === 'invited')).toEqual([
      expect.objectContaining({ email, role: 'viewer', invitationId: res.json().invitationId }),
    ]);
    const [mail] = await api.mails(email, 'org.invitation');
    expect(mail?.subject).toContain('Inviters');
    expect(mail?.text).toMatch(/\/invitations\/accept\?token=/);
  });

  it('stores the invited email address encrypted', async () => {
    const owner = await api.signup();
    const org = await createOrg(owner.accessToken);
    const email = uniqueEmail('secret.invitee');
    await invite(owner.accessToken, org.id, email, 'viewer');
    const { rows } = await t.app.platform.database.sql.query('select * from invitations where organization_id = $1', [
      org.id,
    ]);
    expect(rows).toHaveLength(1);
    expect(JSON.stringify(rows).toLowerCase()).not.toContain(email.split('@')[0]);
  });

  it('lets the invitee sign up and accept with the token', async () => {
    const owner = await api.signup();
    const org = await createOrg(owner.accessToken);
    const email = uniqueEmail('acceptor');
    await invite(owner.accessToken, org.id, email, 'organizer');
    const token = await api.tokenFromMail(email, 'org.invitation');
    const invitee = await api.signup({ email });
    const res = await api.post('/api/v1/invitations/accept', { token: invitee.accessToken, body: { token } });
    expect(res.statusCode, res.body).toBe(200);
    expect(res.json()).toEqual({ organizationId: org.id, role: 'organizer' });
    const list = await members(owner.accessToken, org.id);
    expect(list.find((m) => m.userId === invitee.userId)).toMatchObject({ role: 'organizer', status: 'active' });
    expect(list.filter((m) => m.status === 'invited')).toEqual([]);
    // Accepting also proved the address.
    expect((await api.me(invitee.accessToken)).json().emailVerified).toBe(true);
    // The token is used up.
    const again = await api.post('/api/v1/invitations/accept', { token: invitee.accessToken, body: { token } });
    expectProblem(again, 400, 'INVALID_TOKEN');
  });

  it('makes the invitee a member once they verify their email (no token needed)', async () => {
    const owner = await api.signup();
    const org = await createOrg(owner.accessToken);
    const email = uniqueEmail('verifier');
    await invite(owner.accessToken, org.id, email, 'viewer');
    const invitee = await api.signup({ email });
    expect((await api.get('/api/v1/orgs', { token: invitee.accessToken })).json().items).toEqual([]);
    const verifyToken = await api.tokenFromMail(email, 'auth.verify-email');
    expect((await api.post('/api/v1/auth/verify-email', { body: { token: verifyToken } })).statusCode).toBe(200);
    const orgs = await eventually(async () => {
      const items = (await api.get('/api/v1/orgs', { token: invitee.accessToken })).json().items;
      return items.length > 0 ? items : null;
    });
    expect(orgs).toEqual([expect.objectContaining({ id: org.id, role: 'viewer' })]);
    // And they are told where they now belong.
    const [welcome] = await eventually(async () => {
      const mails = await api.mails(email, 'org.member-added');
      return mails.length > 0 ? mails : null;
    });
    expect(welcome?.text).toContain(`/orgs/${org.id}/members`);
  });

  it('makes a magic-code newcomer a member of every organization that invited them', async () => {
    const owner = await api.signup();
    const [a, b] = [await createOrg(owner.accessToken), await createOrg(owner.accessToken)];
    const email = uniqueEmail('newcomer');
    await invite(owner.accessToken, a.id, email, 'viewer');
    await invite(owner.accessToken, b.id, email, 'organizer');
    await api.post('/api/v1/auth/magic-code', { body: { email } });
    const signedIn = await api.post('/api/v1/auth/magic-code/verify', {
      body: { email, code: await api.codeFromMail(email) },
    });
    const token = signedIn.json().accessToken;
    const orgs = await eventually(async () => {
      const items = (await api.get('/api/v1/orgs', { token })).json().items;
      return items.length === 2 ? items : null;
    });
    expect(orgs.map((o: Organization) => [o.id, o.role]).sort()).toEqual(
      [
        [a.id, 'viewer'],
        [b.id, 'organizer'],
      ].sort(),
    );
  });

  it('refuses an invitation token presented by another account with 403 (and it stays usable)', async () => {
    const owner = await api.signup();
    const org = await createOrg(owner.accessToken);
    const email = uniqueEmail('rightful');
    await invite(owner.accessToken, org.id, email, 'viewer');
    const token = await api.tokenFromMail(email, 'org.invitation');
    const thief = await api.signup();
    expectProblem(
      await api.post('/api/v1/invitations/accept', { token: thief.accessToken, body: { token } }),
      403,
      'FORBIDDEN',
    );
    expect((await api.get(`/api/v1/orgs/${org.id}`, { token: thief.accessToken })).statusCode).toBe(403);
    const rightful = await api.signup({ email });
    expect(
      (await api.post('/api/v1/invitations/accept', { token: rightful.accessToken, body: { token } })).statusCode,
    ).toBe(200);
  });

  it('replaces an earlier invitation to the same address', async () => {
    const owner = await api.signup();
    const org = await createOrg(owner.accessToken);
    const email = uniqueEmail('twice');
    await invite(owner.accessToken, org.id, email, 'viewer');
    const first = await api.tokenFromMail(email, 'org.invitation');
    await invite(owner.accessToken, org.id, email, 'organizer');
    const pending = (await members(owner.accessToken, org.id)).filter((m) => m.status === 'invited');
    expect(pending).toEqual([expect.objectContaining({ role: 'organizer' })]);
    const invitee = await api.signup({ email });
    expectProblem(
      await api.post('/api/v1/invitations/accept', { token: invitee.accessToken, body: { token: first } }),
      400,
      'INVALID_TOKEN',
    );
  });

  it('withdraws a pending invitation', async () => {
    const owner = await api.signup();
    const org = await createOrg(owner.accessToken);
    const email = uniqueEmail('withdrawn');
    const { invitationId } = (await invite(owner.accessToken, org.id, email, 'viewer')).json();
    const token = await api.tokenFromMail(email, 'org.invitation');
    expect(
      (await api.delete(`/api/v1/orgs/${org.id}/invitations/${invitationId}`, { token: owner.accessToken })).statusCode,
    ).toBe(204);
    expect((await members(owner.accessToken, org.id)).filter((m) => m.status === 'invited')).toEqual([]);
    const invitee = await api.signup({ email });
    expectProblem(
      await api.post('/api/v1/invitations/accept', { token: invitee.accessToken, body: { token } }),
      400,
      'INVALID_TOKEN',
    );
  });

  it('lets an admin change roles below owner', async () => {
    const { org, admin, viewer } = await team();
    const res = await setRole(admin.accessToken, org.id, viewer.userId, 'organizer');
    expect(res.statusCode, res.body).toBe(200);
    expect(res.json()).toMatchObject({ userId: viewer.userId, role: 'organizer' });
    expect((await api.get(`/api/v1/orgs/${org.id}`, { token: viewer.accessToken })).json().role).toBe('organizer');
  });

  it('does not let organizers or viewers manage members', async () => {
    const { org, organizer, viewer } = await team();
    expectProblem(await setRole(organizer.accessToken, org.id, viewer.userId, 'admin'), 403, 'FORBIDDEN');
    expectProblem(await setRole(viewer.accessToken, org.id, viewer.userId, 'admin'), 403, 'FORBIDDEN');
    expectProblem(await invite(organizer.accessToken, org.id, uniqueEmail(), 'viewer'), 403, 'FORBIDDEN');
    expectProblem(await removeMember(organizer.accessToken, org.id, viewer.userId), 403, 'FORBIDDEN');
  });

  it('does not let an admin make, invite, demote or remove owners', async () => {
    const { owner, org, admin, organizer } = await team();
    expectProblem(await setRole(admin.accessToken, org.id, organizer.userId, 'owner'), 403, 'FORBIDDEN');
    expectProblem(await setRole(admin.accessToken, org.id, admin.userId, 'owner'), 403, 'FORBIDDEN');
    expectProblem(await setRole(admin.accessToken, org.id, owner.userId, 'admin'), 403, 'FORBIDDEN');
    expectProblem(await removeMember(admin.accessToken, org.id, owner.userId), 403, 'FORBIDDEN');
    expectProblem(await invite(admin.accessToken, org.id, uniqueEmail(), 'owner'), 403, 'FORBIDDEN');
    const list = await members(owner.accessToken, org.id);
    expect(list.find((m) => m.userId === owner.userId)?.role).toBe('owner');
    expect(list.find((m) => m.userId === organizer.userId)?.role).toBe('organizer');
  });

  it('lets an owner make another owner, who may then demote the first', async () => {
    const { owner, org, admin } = await team();
    expect((await setRole(owner.accessToken, org.id, admin.userId, 'owner')).statusCode).toBe(200);
    expect((await setRole(admin.accessToken, org.id, owner.userId, 'viewer')).statusCode).toBe(200);
    expect((await api.get(`/api/v1/orgs/${org.id}`, { token: owner.accessToken })).json().role).toBe('viewer');
  });

  it('refuses to demote or remove the last owner with 409 LAST_OWNER', async () => {
    const { owner, org } = await team();
    expectProblem(await setRole(owner.accessToken, org.id, owner.userId, 'admin'), 409, 'LAST_OWNER');
    expectProblem(await removeMember(owner.accessToken, org.id, owner.userId), 409, 'LAST_OWNER');
    expect((await api.get(`/api/v1/orgs/${org.id}`, { token: owner.accessToken })).json().role).toBe('owner');
  });

  it('removes a member, who then loses access', async () => {
    const { owner, org, organizer } = await team();
    expect((await removeMember(owner.accessToken, org.id, organizer.userId)).statusCode).toBe(204);
    expectProblem(await api.get(`/api/v1/orgs/${org.id}`, { token: organizer.accessToken }), 403, 'FORBIDDEN');
    expect((await members(owner.accessToken, org.id)).map((m) => m.userId)).not.toContain(organizer.userId);
    expectProblem(await removeMember(owner.accessToken, org.id, organizer.userId), 404, 'NOT_FOUND');
  });

  it('answers 404 for the role of someone who is not a member', async () => {
    const { owner, org } = await team();
    const outsider = await api.signup();
    expectProblem(await setRole(owner.accessToken, org.id, outsider.userId, 'viewer'), 404, 'NOT_FOUND');
  });

  it('does not let a member of one organization manage another', async () => {
    const first = await team();
    const second = await team();
    expectProblem(await invite(first.owner.accessToken, second.org.id, uniqueEmail(), 'viewer'), 403, 'FORBIDDEN');
    expectProblem(
      await setRole(first.owner.accessToken, second.org.id, second.viewer.userId, 'admin'),
      403,
      'FORBIDDEN',
    );
  });
});

describe.skipIf(!onRealPostgres)('owners under concurrency (real PostgreSQL)', () => {
  async function twoOwners() {
    const a = await api.signup({ name: 'Owner A' });
    const b = await api.signup({ name: 'Owner B' });
    const org = await createOrg(a.accessToken);
    await api.addMember(a.accessToken, org.id, b, 'owner');
    return { a, b, org };
  }

  const owners = async (orgId: string) => {
    const { rows } = await t.app.platform.database.sql.query(
      `select user_id from memberships where organization_id = $1 and role = 'owner'`,
      [orgId],
    );
    return rows.map((r) => r.user_id as string);
  };

  it('never leaves the organization without an owner when two owners demote each other at once', async () => {
    const { a, b, org } = await twoOwners();
    for (let round = 0; round < 5; round++) {
      const results = await Promise.all([
        setRole(a.accessToken, org.id, b.userId, 'admin'),
        setRole(b.accessToken, org.id, a.userId, 'admin'),
      ]);
      const statuses = results.map((r) => r.statusCode).sort();
      expect(statuses[0], results.map((r) => r.body).join('\n')).toBe(200);
      expect([403, 409]).toContain(statuses[1]);
      const left = await owners(org.id);
      expect(left).toHaveLength(1);
      // The survivor makes the other an owner again for the next round.
      const survivor = left[0] === a.userId ? a : b;
      const other = survivor === a ? b : a;
      expect((await setRole(survivor.accessToken, org.id, other.userId, 'owner')).statusCode).toBe(200);
    }
  });

  it('keeps an owner through ten parallel demotions and removals', async () => {
    const { a, b, org } = await twoOwners();
    const attempts = Array.from({ length: 10 }, (_, i) => {
      const [actor, target] = i % 2 ? [a, b] : [b, a];
      return i % 3 === 0
        ? removeMember(actor.accessToken, org.id, target.userId)
        : setRole(actor.accessToken, org.id, target.userId, 'viewer');
    });
    const results = await Promise.all(attempts);
    for (const r of results) expect([200, 204, 403, 404, 409], r.body).toContain(r.statusCode);
    expect(await owners(org.id)).toHaveLength(1);
  });

  it('checks the actor’s own owner role inside the locked transaction, not before it', async () => {
    // A, B and C are owners. B asks to demote C; while B's request waits for the
    // owner rows, A demotes B. B is no longer an owner when the change happens,
    // so it must be refused.
    const { a, b, org } = await twoOwners();
    const c = await api.signup({ name: 'Owner C' });
    await api.addMember(a.accessToken, org.id, c, 'owner');
    const client = new pg.Client({ connectionString: t.database.url });
    await client.connect();
    try {
      await client.query('begin');
      await client.query(`select user_id from memberships where organization_id = $1 and role = 'owner' for update`, [
        org.id,
      ]);
      const pending = setRole(b.accessToken, org.id, c.userId, 'admin');
      await eventually(async () => {
        const { rows } = await client.query(
          `select count(*)::int as n from pg_stat_activity
            where datname = current_database() and wait_event_type = 'Lock' and pid <> pg_backend_pid()`,
        );
        return rows[0].n > 0;
      });
      // What A's demotion of B does, committed while B's request waits.
      await client.query(`update memberships set role = 'admin' where organization_id = $1 and user_id = $2`, [
        org.id,
        b.userId,
      ]);
      await client.query('commit');
      const res = await pending;
      expectProblem(res, 403, 'FORBIDDEN');
      expect(await owners(org.id)).toContain(c.userId);
    } finally {
      await client.end();
    }
  });

  it('keeps an owner when two owners each remove themselves at once', async () => {
    const { a, b, org } = await twoOwners();
    const results = await Promise.all([
      removeMember(a.accessToken, org.id, a.userId),
      removeMember(b.accessToken, org.id, b.userId),
    ]);
    expect(results.map((r) => r.statusCode).sort()).toEqual([204, 409]);
    expect(await owners(org.id)).toHaveLength(1);
  });
});
