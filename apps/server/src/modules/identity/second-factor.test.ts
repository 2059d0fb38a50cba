import { Secret, TOTP } from 'otpauth';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { Api, expectProblem, type SignedUp, uniqueEmail } from '../../platform/testing/api-test-kit.ts';
import { createTestApp, type TestApp } from '../../platform/testing/test-app.ts';

let t: TestApp;
let api: Api;
beforeAll(async () => {
  t = await createTestApp();
  api = new Api(t.app);
});
afterAll(async () => t?.close());

/** The code an authenticator app shows for `secret`, `stepsAhead` 30-second steps from now. */
const codeFor = (secret: string, stepsAhead = 0) =>
  new TOTP({ secret: Secret.fromBase32(secret), digits: 6, period: 30, algorithm: 'SHA1' }).generate({
    timestamp: Date.now() + stepsAhead * 30_000,
  });

/** Lets the next code be used at once: as if its 30-second step had passed (a code is accepted once). */
const nextStep = (userId: string) =>
  t.app.platform.database.sql.query('update users set totp_last_step = null where id = $1', [userId]);

/** Signs up and sets up an authenticator; answers the account, its secret and its recovery codes. */
async function enrolled(): Promise<SignedUp & { secret: string; recoveryCodes: string[] }> {
  const account = await api.signup();
  const begun = await api.post('/api/v1/auth/second-factor/totp', { token: account.accessToken });
  expect(begun.statusCode, begun.body).toBe(200);
  const { secret } = begun.json();
  const confirmed = await api.post('/api/v1/auth/second-factor/totp/confirm', {
    token: account.accessToken,
    body: { code: codeFor(secret) },
  });
  expect(confirmed.statusCode, confirmed.body).toBe(200);
  await nextStep(account.userId);
  return { ...account, secret, recoveryCodes: confirmed.json().recoveryCodes };
}

const secondStep = (challenge: string, code: string) =>
  api.post('/api/v1/auth/login/second-factor', { body: { challenge, code } });

describe('second factor: setting up', () => {
  it('answers a secret and an otpauth URI, and is off until confirmed with a code', async () => {
    const account = await api.signup({ email: uniqueEmail('totp') });
    const res = await api.post('/api/v1/auth/second-factor/totp', { token: account.accessToken });
    expect(res.statusCode).toBe(200);
    const { secret, otpauthUri } = res.json();
    expect(secret).toMatch(/^[A-Z2-7]{32}$/);
    expect(otpauthUri).toMatch(/^otpauth:\/\/totp\/.+\?/);
    expect(otpauthUri).toContain(`secret=${secret}`);
    expect(otpauthUri).toContain('period=30');
    expect((await api.me(account.accessToken)).json().secondFactor).toBe(false);
    // Not yet in use: the password alone still signs in.
    expect((await api.loginOk(account.email, account.password)).accessToken).toBeDefined();

    const wrong = await api.post('/api/v1/auth/second-factor/totp/confirm', {
      token: account.accessToken,
      body: { code: String((Number(codeFor(secret)) + 1) % 1e6).padStart(6, '0') },
    });
    expectProblem(wrong, 422, 'INVALID_CODE');
    const ok = await api.post('/api/v1/auth/second-factor/totp/confirm', {
      token: account.accessToken,
      body: { code: codeFor(secret) },
    });
    expect(ok.statusCode, ok.body).toBe(200);
    const { recoveryCodes } = ok.json();
    expect(recoveryCodes).toHaveLength(10);
    for (const c of recoveryCodes) expect(c).toMatch(/^[a-z2-7]{5}-[a-z2-7]{5}$/);
    expect(new Set(recoveryCodes).size).toBe(10);
    expect((await api.me(account.accessToken)).json().secondFactor).toBe(true);
  });

  it('stores the secret encrypted and the recovery codes as hashes', async () => {
    const account = await enrolled();
    const { rows } = await t.app.platform.database.sql.query(
      'select u.totp_secret_encrypted, r.code_hash from users u join recovery_codes r on r.user_id = u.id where u.id = $1',
      [account.userId],
    );
    const dump = JSON.stringify(rows);
    expect(rows).toHaveLength(10);
    expect(dump).not.toContain(account.secret);
    for (const c of account.recoveryCodes) expect(dump).not.toContain(c.replace('-', ''));
  });

  it('refuses to start over while a second factor is on', async () => {
    const account = await enrolled();
    expectProblem(await api.post('/api/v1/auth/second-factor/totp', { token: account.accessToken }), 409, 'CONFLICT');
  });
});

describe('second factor: signing in', () => {
  it('asks for the code after a right password, and signs in only with it', async () => {
    const account = await enrolled();
    const first = await api.login(account.email, account.password);
    expect(first.statusCode).toBe(200);
    const step = first.json();
    expect(step).toMatchObject({ secondFactorRequired: true, expiresIn: 300 });
    expect(step).not.toHaveProperty('accessToken');
    // A wrong password still answers as ever: the challenge says nothing before the password was right.
    expectProblem(await api.login(account.email, 'not-the-password-1'), 401, 'INVALID_CREDENTIALS');

    expectProblem(await secondStep(step.challenge, '000000'), 401, 'INVALID_CODE');
    const code = codeFor(account.secret, 1);
    const done = await secondStep(step.challenge, code);
    expect(done.statusCode, done.body).toBe(200);
    expect((await api.me(done.json().accessToken)).json().secondFactor).toBe(true);
    // The challenge is spent, and the code too (even with a new challenge).
    expectProblem(await secondStep(step.challenge, code), 401, 'INVALID_CODE');
    const again = (await api.login(account.email, account.password)).json();
    expectProblem(await secondStep(again.challenge, code), 401, 'INVALID_CODE');
  });

  it('asks for it after an emailed code too', async () => {
    const account = await enrolled();
    await api.post('/api/v1/auth/magic-code', { body: { email: account.email } });
    const res = await api.post('/api/v1/auth/magic-code/verify', {
      body: { email: account.email, code: await api.codeFromMail(account.email) },
    });
    expect(res.statusCode, res.body).toBe(200);
    expect(res.json()).toMatchObject({ secondFactorRequired: true });
    expect(res.json()).not.toHaveProperty('accessToken');
    expect((await secondStep(res.json().challenge, codeFor(account.secret))).statusCode).toBe(200);
  });

  it('refuses an expired challenge', async () => {
    const account = await enrolled();
    const { challenge } = (await api.login(account.email, account.password)).json();
    await t.app.platform.database.sql.query(
      `update auth_codes set expires_at = now() - interval '1 second' where purpose = 'second_factor' and user_id = $1`,
      [account.userId],
    );
    expectProblem(await secondStep(challenge, codeFor(account.secret)), 401, 'INVALID_CODE');
  });

  it('kills a challenge after five wrong codes', async () => {
    const account = await enrolled();
    const { challenge } = (await api.login(account.email, account.password)).json();
    for (let i = 0; i < 5; i++) expectProblem(await secondStep(challenge, '000000'), 401, 'INVALID_CODE');
    expectProblem(await secondStep(challenge, codeFor(account.secret)), 401, 'INVALID_CODE');
  });

  it('takes each recovery code once instead of the authenticator', async () => {
    const account = await enrolled();
    const [code] = account.recoveryCodes;
    const step = (await api.login(account.email, account.password)).json();
    expect((await secondStep(step.challenge, code!.toUpperCase())).statusCode).toBe(200);
    const next = (await api.login(account.email, account.password)).json();
    expectProblem(await secondStep(next.challenge, code!), 401, 'INVALID_CODE');
    expect((await secondStep(next.challenge, account.recoveryCodes[1]!)).statusCode).toBe(200);
  });
});

describe('second factor: recovery codes and turning it off', () => {
  it('replaces the recovery codes for a current code; the old ones die', async () => {
    const account = await enrolled();
    const res = await api.post('/api/v1/auth/second-factor/recovery-codes', {
      token: account.accessToken,
      body: { code: codeFor(account.secret) },
    });
    expect(res.statusCode, res.body).toBe(200);
    const fresh: string[] = res.json().recoveryCodes;
    expect(fresh).toHaveLength(10);
    const step = (await api.login(account.email, account.password)).json();
    expectProblem(await secondStep(step.challenge, account.recoveryCodes[0]!), 401, 'INVALID_CODE');
    expect((await secondStep(step.challenge, fresh[0]!)).statusCode).toBe(200);
  });

  it('turns off with the password (not a wrong one); the password alone signs in again', async () => {
    const account = await enrolled();
    const off = (body: object) => api.post('/api/v1/auth/second-factor/disable', { token: account.accessToken, body });
    expectProblem(await off({}), 422, 'VALIDATION_FAILED');
    expectProblem(await off({ password: 'not-the-password-1' }), 401, 'INVALID_CREDENTIALS');
    expect((await off({ password: account.password })).statusCode).toBe(204);
    const res = await api.loginOk(account.email, account.password);
    expect(res.user.secondFactor).toBe(false);
  });

  it('turns off with a current code', async () => {
    const account = await enrolled();
    const res = await api.post('/api/v1/auth/second-factor/disable', {
      token: account.accessToken,
      body: { code: codeFor(account.secret) },
    });
    expect(res.statusCode, res.body).toBe(204);
    expect((await api.me(account.accessToken)).json().secondFactor).toBe(false);
  });
});

describe('an organization that requires a second factor', () => {
  it('refuses its console routes to members without one (SECOND_FACTOR_REQUIRED), not to members with one', async () => {
    const owner = await enrolled();
    const member = await api.signup();
    const slug = `tfa-${Date.now().toString(36)}`;
    const org = await api.post('/api/v1/orgs', { token: owner.accessToken, body: { name: 'Careful', slug } });
    expect(org.statusCode, org.body).toBe(201);
    const orgId = org.json().id;
    // Made a member directly: how someone joins (invitation, acceptance) is not what this test is about.
    await t.app.platform.database.sql.query(
      `insert into memberships (organization_id, user_id, role) values ($1, $2, 'organizer')`,
      [orgId, member.userId],
    );
    const asMember = () => api.get(`/api/v1/orgs/${orgId}/events`, { token: member.accessToken });
    const membership = await asMember();
    expect(membership.statusCode, membership.body).toBe(200);

    const set = await api.patch(`/api/v1/orgs/${orgId}`, {
      token: owner.accessToken,
      body: { requireSecondFactor: true },
    });
    expect(set.statusCode, set.body).toBe(200);
    expect(set.json().requireSecondFactor).toBe(true);
    // An admin signed in without a second factor cannot require one: they would lock themselves out.
    const plain = await api.signup();
    const other = await api.post('/api/v1/orgs', {
      token: plain.accessToken,
      body: { name: 'Hasty', slug: `${slug}-hasty` },
    });
    expectProblem(
      await api.patch(`/api/v1/orgs/${other.json().id}`, {
        token: plain.accessToken,
        body: { requireSecondFactor: true },
      }),
      409,
      'SECOND_FACTOR_REQUIRED',
    );

    expectProblem(await asMember(), 403, 'SECOND_FACTOR_REQUIRED');
    expect((await api.get(`/api/v1/orgs/${orgId}/events`, { token: owner.accessToken })).statusCode).toBe(200);
    // Their own account stays reachable, so they can set one up.
    const begun = await api.post('/api/v1/auth/second-factor/totp', { token: member.accessToken });
    expect(begun.statusCode).toBe(200);
    await api.post('/api/v1/auth/second-factor/totp/confirm', {
      token: member.accessToken,
      body: { code: codeFor(begun.json().secret) },
    });
    expect((await asMember()).statusCode).toBe(200);
  });
});
