import { performance } from 'node:perf_hooks';
import { User } from '@foyer/contracts';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { Api, expectProblem, median, PASSWORD, uniqueEmail, uniqueIp } from '../../platform/testing/api-test-kit.ts';
import { createTestApp, type TestApp } from '../../platform/testing/test-app.ts';

let t: TestApp;
let api: Api;
beforeAll(async () => {
  t = await createTestApp();
  api = new Api(t.app);
});
afterAll(async () => t?.close());

const rawUser = async (id: string) => {
  const { rows } = await t.app.platform.database.sql.query('select * from users where id = $1', [id]);
  expect(rows).toHaveLength(1);
  return rows[0]!;
};

describe('sign-up', () => {
  it('answers 202 with no tokens; the new account then signs in with its password', async () => {
    const email = uniqueEmail('signup');
    const res = await api.post('/api/v1/auth/signup', { body: { email, password: PASSWORD, name: 'Ada Lovelace' } });
    expect(res.statusCode).toBe(202);
    expect(res.json()).toEqual({ status: 'accepted' });
    const body = await api.loginOk(email, PASSWORD);
    expect(body.accessToken.split('.')).toHaveLength(3);
    expect(body.refreshToken).toMatch(/^rt_[A-Za-z0-9_-]{43}$/);
    expect(body.tokenType).toBe('Bearer');
    expect(body.expiresIn).toBeGreaterThan(0);
    expect(body.expiresIn).toBeLessThanOrEqual(900);
    expect(User.parse(body.user)).toMatchObject({
      email,
      name: 'Ada Lovelace',
      emailVerified: false,
      hasPassword: true,
    });
  });

  it('refuses a short password with 422 VALIDATION_FAILED naming the field', async () => {
    const res = await api.post('/api/v1/auth/signup', {
      body: { email: uniqueEmail(), password: 'short', name: 'X' },
    });
    const problem = expectProblem(res, 422, 'VALIDATION_FAILED');
    expect(problem.errors?.map((e) => e.field)).toEqual(['body.password']);
  });

  it('names every invalid field at once', async () => {
    const res = await api.post('/api/v1/auth/signup', { body: { email: 'nope', password: 'short', name: '' } });
    const problem = expectProblem(res, 422, 'VALIDATION_FAILED');
    expect(problem.errors?.map((e) => e.field).sort()).toEqual(['body.email', 'body.name', 'body.password']);
  });

  it.each(['password1', 'qwerty123', 'Password1'])(
    'refuses the common password %s with 422 WEAK_PASSWORD',
    async (pw) => {
      const res = await api.post('/api/v1/auth/signup', { body: { email: uniqueEmail(), password: pw, name: 'X' } });
      const problem = expectProblem(res, 422, 'WEAK_PASSWORD');
      expect(problem.errors?.[0]?.field).toBe('body.password');
    },
  );

  it('refuses a password containing the email address', async () => {
    const email = uniqueEmail('margarethe');
    const res = await api.post('/api/v1/auth/signup', {
      body: { email, password: `${email.split('@')[0]}!x`, name: 'X' },
    });
    expectProblem(res, 422, 'WEAK_PASSWORD');
  });

  it('does not create an account for a weak password', async () => {
    const email = uniqueEmail();
    await api.post('/api/v1/auth/signup', { body: { email, password: 'password1', name: 'X' } });
    const res = await api.post('/api/v1/auth/signup', { body: { email, password: PASSWORD, name: 'X' } });
    expect(res.statusCode).toBe(202);
    expect((await api.login(email, PASSWORD)).statusCode).toBe(200);
  });

  it('answers a sign-up for a registered address (in another case) exactly as for a new one, and mails the owner', async () => {
    const email = uniqueEmail('Dup');
    const owner = await api.signup({ email: email.toLowerCase(), name: 'Olga Owner' });
    const taken = await api.post('/api/v1/auth/signup', {
      body: { email: email.toUpperCase(), password: 'another-fine-pass-9', name: 'Y' },
    });
    const fresh = await api.post('/api/v1/auth/signup', {
      body: { email: uniqueEmail('Fresh'), password: 'another-fine-pass-9', name: 'Y' },
    });
    expect(taken.statusCode).toBe(fresh.statusCode);
    expect(taken.body).toBe(fresh.body);
    expect(taken.headers['content-type']).toBe(fresh.headers['content-type']);
    const [mail] = await api.mails(email.toLowerCase(), 'auth.signup-existing');
    expect(mail?.subject).toBe('Someone tried to sign up with your address');
    expect(mail?.text).toContain('Olga Owner');
    // The account is untouched: the owner's password still works, the intruder's does not.
    expect((await api.login(email, owner.password)).statusCode).toBe(200);
    expectProblem(await api.login(email, 'another-fine-pass-9'), 401, 'INVALID_CREDENTIALS');
  });

  it('stores no plaintext email and an argon2id hash', async () => {
    const email = uniqueEmail('Plain.Text');
    const { userId } = await api.signup({ email });
    const row = await rawUser(userId);
    const dump = JSON.stringify(row).toLowerCase();
    expect(dump).not.toContain(email.toLowerCase());
    expect(dump).not.toContain(email.split('@')[0]!.toLowerCase());
    expect(String(row.password_hash)).toMatch(/^\$argon2id\$v=19\$m=\d+,t=\d+,p=\d+\$/);
    expect(dump).not.toContain(PASSWORD);
  });

  it('stores no plaintext email in the verification mail record or the audit log', async () => {
    const email = uniqueEmail('Hidden.Mail');
    const { userId } = await api.signup({ email });
    const local = email.split('@')[0]!.toLowerCase();
    const { rows: mails } = await t.app.platform.database.sql.query('select * from mail_messages');
    expect(mails.length).toBeGreaterThan(0);
    expect(JSON.stringify(mails).toLowerCase()).not.toContain(local);
    const { rows: audit } = await t.app.platform.database.sql.query('select * from audit_log where target_id = $1', [
      userId,
    ]);
    expect(audit.map((a) => a.action)).toContain('user.signed_up');
    expect(JSON.stringify(audit).toLowerCase()).not.toContain(local);
  });
});

describe('email verification', () => {
  it('mails a link with a token on sign-up', async () => {
    const { email } = await api.signup();
    const [mail] = await api.mails(email, 'auth.verify-email');
    expect(mail?.to).toEqual([email]);
    expect(mail?.text).toMatch(/\/verify-email\?token=[A-Za-z0-9_%-]{40,}/);
    expect(mail?.html).toContain('/verify-email?token=');
  });

  it('verifies the address with the token', async () => {
    const { email, accessToken } = await api.signup();
    const token = await api.tokenFromMail(email, 'auth.verify-email');
    const res = await api.post('/api/v1/auth/verify-email', { body: { token } });
    expect(res.statusCode, res.body).toBe(200);
    expect(res.json()).toMatchObject({ email, emailVerified: true });
    expect((await api.me(accessToken)).json().emailVerified).toBe(true);
  });

  it('refuses a token used before with 400 INVALID_TOKEN', async () => {
    const { email } = await api.signup();
    const token = await api.tokenFromMail(email, 'auth.verify-email');
    expect((await api.post('/api/v1/auth/verify-email', { body: { token } })).statusCode).toBe(200);
    expectProblem(await api.post('/api/v1/auth/verify-email', { body: { token } }), 400, 'INVALID_TOKEN');
  });

  it('refuses a made-up token with INVALID_TOKEN', async () => {
    const res = await api.post('/api/v1/auth/verify-email', { body: { token: 'x'.repeat(43) } });
    expectProblem(res, 400, 'INVALID_TOKEN');
  });

  it('refuses a password-reset token as a verification token', async () => {
    const { email } = await api.signup();
    await api.post('/api/v1/auth/password-reset', { body: { email } });
    const token = await api.tokenFromMail(email, 'auth.password-reset');
    expectProblem(await api.post('/api/v1/auth/verify-email', { body: { token } }), 400, 'INVALID_TOKEN');
  });

  it('refuses an expired token', async () => {
    const { email, userId } = await api.signup();
    const token = await api.tokenFromMail(email, 'auth.verify-email');
    await t.app.platform.database.sql.query(
      `update auth_codes set expires_at = now() - interval '1 second' where purpose = 'email_verification' and user_id = $1`,
      [userId],
    );
    expectProblem(await api.post('/api/v1/auth/verify-email', { body: { token } }), 400, 'INVALID_TOKEN');
  });

  it('resends the verification mail to a signed-in, unverified user', async () => {
    const { email, accessToken } = await api.signup();
    const res = await api.post('/api/v1/auth/verify-email/resend', { token: accessToken });
    expect(res.statusCode).toBe(202);
    expect(await api.mails(email, 'auth.verify-email')).toHaveLength(2);
    // The newest link works.
    const token = await api.tokenFromMail(email, 'auth.verify-email');
    expect((await api.post('/api/v1/auth/verify-email', { body: { token } })).statusCode).toBe(200);
  });
});

describe('login', () => {
  let account: { email: string; password: string };
  beforeAll(async () => {
    account = await api.signup();
  });

  it('answers 200 with tokens and the user for the right password', async () => {
    const res = await api.login(account.email, account.password);
    expect(res.statusCode).toBe(200);
    const body = res.json();
    expect(body).toMatchObject({ tokenType: 'Bearer', user: { email: account.email } });
    expect(typeof body.accessToken).toBe('string');
    expect(typeof body.refreshToken).toBe('string');
    expect((await api.me(body.accessToken)).statusCode).toBe(200);
  });

  it('finds the account whatever the case of the email', async () => {
    const res = await api.login(`  ${account.email.toUpperCase()}`.trim(), account.password);
    expect(res.statusCode).toBe(200);
  });

  it('answers wrong password and unknown email with the same 401 problem', async () => {
    const wrong = await api.login(account.email, 'not-the-password-1');
    const unknown = await api.login(uniqueEmail('nobody'), 'not-the-password-1');
    const a = expectProblem(wrong, 401, 'INVALID_CREDENTIALS');
    const b = expectProblem(unknown, 401, 'INVALID_CREDENTIALS');
    const strip = ({ requestId: _r, instance: _i, ...rest }: Record<string, unknown>) => rest;
    expect(strip(a)).toEqual(strip(b));
    const headers = (h: Record<string, unknown>) =>
      Object.keys(h)
        .filter((k) => !['x-request-id', 'date', 'content-length'].includes(k))
        .sort();
    expect(headers(wrong.headers)).toEqual(headers(unknown.headers));
  });

  it('answers a passwordless (magic-code) account like any wrong password', async () => {
    const email = uniqueEmail('nopass');
    await api.post('/api/v1/auth/magic-code', { body: { email } });
    const code = await api.codeFromMail(email);
    expect((await api.post('/api/v1/auth/magic-code/verify', { body: { email, code } })).statusCode).toBe(200);
    expectProblem(await api.login(email, 'anything-at-all-1'), 401, 'INVALID_CREDENTIALS');
  });

  it('records the sign-in in the audit log without an organization', async () => {
    const ip = uniqueIp();
    const res = await api.login(account.email, account.password, { ip, headers: { 'user-agent': 'audit-probe/1' } });
    const userId = res.json().user.id;
    const { rows } = await t.app.platform.database.sql.query<Record<string, unknown>>(
      `select * from audit_log where action = 'auth.login' and actor_id = $1 and ip = $2`,
      [userId, ip],
    );
    expect(rows).toHaveLength(1);
    expect(rows[0]).toMatchObject({ organization_id: null, actor_type: 'user', user_agent: 'audit-probe/1' });
  });

  it('takes about as long for an unknown email as for a wrong password', async () => {
    // Five accounts, two wrong passwords each: stays under the per-account lockout (5 failures).
    const accounts = await Promise.all(Array.from({ length: 5 }, () => api.signup()));
    const time = async (email: string) => {
      const started = performance.now();
      const res = await api.login(email, 'definitely-wrong-9');
      const elapsed = performance.now() - started;
      expect(res.statusCode).toBe(401);
      return elapsed;
    };
    // Warm up both paths (the dummy hash is computed on first use).
    await time(uniqueEmail('warm'));
    const unknown: number[] = [];
    const wrong: number[] = [];
    for (let i = 0; i < 10; i++) {
      unknown.push(await time(uniqueEmail('timing')));
      wrong.push(await time(accounts[i % 5]!.email));
    }
    const [mu, mw] = [median(unknown), median(wrong)];
    // Both run one argon2 verification (tens of ms); skipping it would make one side several times faster.
    expect(Math.max(mu, mw) / Math.min(mu, mw), `medians ${mu.toFixed(1)} vs ${mw.toFixed(1)} ms`).toBeLessThan(1.5);
    expect(Math.min(mu, mw)).toBeGreaterThan(5);
  });
});

describe('/me', () => {
  let account: { accessToken: string; email: string };
  beforeAll(async () => {
    account = await api.signup({ name: 'Grace Hopper' });
  });

  it('answers the signed-in user', async () => {
    const res = await api.me(account.accessToken);
    expect(res.statusCode).toBe(200);
    expect(User.parse(res.json())).toMatchObject({
      email: account.email,
      name: 'Grace Hopper',
      platformRole: 'user',
      locale: null,
      timezone: null,
    });
  });

  it('answers 401 without a token', async () => {
    expectProblem(await api.get('/api/v1/me'), 401, 'UNAUTHENTICATED');
  });

  it('updates name, locale and timezone', async () => {
    const res = await api.patch('/api/v1/me', {
      token: account.accessToken,
      body: { name: 'Grace B. Hopper', locale: 'de-DE', timezone: 'Europe/Berlin' },
    });
    expect(res.statusCode, res.body).toBe(200);
    expect(res.json()).toMatchObject({ name: 'Grace B. Hopper', locale: 'de-DE', timezone: 'Europe/Berlin' });
    expect((await api.me(account.accessToken)).json()).toMatchObject({
      name: 'Grace B. Hopper',
      locale: 'de-DE',
      timezone: 'Europe/Berlin',
    });
  });

  it('updates one field and leaves the others', async () => {
    await api.patch('/api/v1/me', { token: account.accessToken, body: { timezone: 'America/New_York' } });
    expect((await api.me(account.accessToken)).json()).toMatchObject({
      name: 'Grace B. Hopper',
      locale: 'de-DE',
      timezone: 'America/New_York',
    });
  });

  it('clears locale and timezone with null', async () => {
    const res = await api.patch('/api/v1/me', { token: account.accessToken, body: { locale: null, timezone: null } });
    expect(res.json()).toMatchObject({ locale: null, timezone: null });
  });

  it('refuses an unknown timezone with 422 naming the field', async () => {
    const res = await api.patch('/api/v1/me', { token: account.accessToken, body: { timezone: 'Mars/Olympus_Mons' } });
    const problem = expectProblem(res, 422, 'VALIDATION_FAILED');
    expect(problem.errors?.[0]?.field).toBe('body.timezone');
  });

  it('refuses an empty name with 422', async () => {
    const res = await api.patch('/api/v1/me', { token: account.accessToken, body: { name: '   ' } });
    expectProblem(res, 422, 'VALIDATION_FAILED');
  });
});
