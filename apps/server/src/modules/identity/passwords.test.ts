import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import { servicesOf } from '../../platform/module.ts';
import { Api, expectProblem, uniqueEmail } from '../../platform/testing/api-test-kit.ts';
import { createTestApp, eventually, type TestApp } from '../../platform/testing/test-app.ts';
import { PASSWORD_RESET_QUEUE } from './identity-service.ts';
import { identityModule } from './module.ts';

let t: TestApp;
let api: Api;
beforeAll(async () => {
  t = await createTestApp();
  api = new Api(t.app);
});
afterAll(async () => t?.close());

const NEW_PASSWORD = 'marble-orchard-77';

/** Jobs of the reset queue not yet worked. */
const pendingResetJobs = async (app: TestApp = t) => {
  const { rows } = await app.app.platform.database.sql.query<{ n: number }>(
    `select count(*)::int as n from pgboss.job where name = $1 and state in ('created', 'retry', 'active')`,
    [PASSWORD_RESET_QUEUE],
  );
  return Number(rows[0]?.n);
};
/** Requests a reset and waits until its job (lookup and mail, after the answer) has run. */
const requestReset = async (email: string) => {
  const res = await api.post('/api/v1/auth/password-reset', { body: { email } });
  await eventually(async () => (await pendingResetJobs()) === 0);
  return res;
};
const confirmReset = (token: string, password = NEW_PASSWORD) =>
  api.post('/api/v1/auth/password-reset/confirm', { body: { token, password } });

describe('password reset', () => {
  it('answers 202 for an unknown email and sends no mail', async () => {
    const email = uniqueEmail('ghost');
    const res = await requestReset(email);
    expect(res.statusCode).toBe(202);
    expect(res.json()).toEqual({ status: 'accepted' });
    expect(await api.mails(email)).toEqual([]);
  });

  it('answers 202 for a known email and mails a link with a token', async () => {
    const { email } = await api.signup();
    const res = await requestReset(email);
    expect(res.statusCode).toBe(202);
    const [mail] = await api.mails(email, 'auth.password-reset');
    expect(mail?.to).toEqual([email]);
    expect(mail?.text).toMatch(/\/reset-password\?token=[A-Za-z0-9_%-]{40,}/);
  });

  it('keeps one live link per account: a newer link voids the older one', async () => {
    const account = await api.signup();
    await requestReset(account.email);
    const older = await api.tokenFromMail(account.email, 'auth.password-reset');
    await requestReset(account.email);
    const newer = await api.tokenFromMail(account.email, 'auth.password-reset');
    expect(newer).not.toBe(older);
    expectProblem(await confirmReset(older), 400, 'INVALID_TOKEN');
    expect((await confirmReset(newer)).statusCode).toBe(204);
  });

  it('voids an outstanding link when the password is changed on the account page', async () => {
    const account = await api.signup();
    await requestReset(account.email);
    const token = await api.tokenFromMail(account.email, 'auth.password-reset');
    const changed = await api.post('/api/v1/auth/password', {
      token: account.accessToken,
      body: { currentPassword: account.password, newPassword: 'quiet-harbour-31' },
    });
    expect(changed.statusCode, changed.body).toBe(204);
    expectProblem(await confirmReset(token), 400, 'INVALID_TOKEN');
    expect((await api.login(account.email, 'quiet-harbour-31')).statusCode).toBe(200);
  });

  it('sets the new password; the old one stops working', async () => {
    const account = await api.signup();
    await requestReset(account.email);
    const res = await confirmReset(await api.tokenFromMail(account.email, 'auth.password-reset'));
    expect(res.statusCode, res.body).toBe(204);
    expectProblem(await api.login(account.email, account.password), 401, 'INVALID_CREDENTIALS');
    expect((await api.login(account.email, NEW_PASSWORD)).statusCode).toBe(200);
  });

  it('signs every session out: earlier access and refresh tokens fail', async () => {
    const account = await api.signup();
    const second = await api.loginOk(account.email, account.password);
    await requestReset(account.email);
    await confirmReset(await api.tokenFromMail(account.email, 'auth.password-reset'));
    expectProblem(await api.me(account.accessToken), 401, 'INVALID_TOKEN');
    expectProblem(await api.me(second.accessToken), 401, 'INVALID_TOKEN');
    expectProblem(await api.refresh(account.refreshToken), 401, 'INVALID_TOKEN');
    expectProblem(await api.refresh(second.refreshToken), 401, 'INVALID_TOKEN');
  });

  it('accepts a token only once', async () => {
    const account = await api.signup();
    await requestReset(account.email);
    const token = await api.tokenFromMail(account.email, 'auth.password-reset');
    expect((await confirmReset(token)).statusCode).toBe(204);
    expectProblem(await confirmReset(token, 'yet-another-secret-5'), 400, 'INVALID_TOKEN');
    expect((await api.login(account.email, NEW_PASSWORD)).statusCode).toBe(200);
  });

  it('refuses a weak new password and keeps the token usable', async () => {
    const account = await api.signup();
    await requestReset(account.email);
    const token = await api.tokenFromMail(account.email, 'auth.password-reset');
    expectProblem(await confirmReset(token, 'password1'), 422, 'WEAK_PASSWORD');
    expect((await confirmReset(token)).statusCode).toBe(204);
  });

  it('refuses an expired token', async () => {
    const account = await api.signup();
    await requestReset(account.email);
    const token = await api.tokenFromMail(account.email, 'auth.password-reset');
    await t.app.platform.database.sql.query(
      `update auth_codes set expires_at = now() - interval '1 second' where purpose = 'password_reset' and user_id = $1`,
      [account.userId],
    );
    expectProblem(await confirmReset(token), 400, 'INVALID_TOKEN');
  });

  it('makes the link valid for one hour', async () => {
    const account = await api.signup();
    await requestReset(account.email);
    const { rows } = await t.app.platform.database.sql.query<{ seconds: number }>(
      `select extract(epoch from expires_at - created_at)::int as seconds from auth_codes
        where purpose = 'password_reset' and user_id = $1`,
      [account.userId],
    );
    expect(Number(rows[0]?.seconds)).toBeGreaterThan(3590);
    expect(Number(rows[0]?.seconds)).toBeLessThanOrEqual(3600);
  });

  it('refuses an email-verification token as a reset token', async () => {
    const account = await api.signup();
    const token = await api.tokenFromMail(account.email, 'auth.verify-email');
    expectProblem(await confirmReset(token), 400, 'INVALID_TOKEN');
  });

  it('verifies the address of an unverified account (the link proves it)', async () => {
    const account = await api.signup();
    await requestReset(account.email);
    await confirmReset(await api.tokenFromMail(account.email, 'auth.password-reset'));
    const { accessToken } = await api.loginOk(account.email, NEW_PASSWORD);
    expect((await api.me(accessToken)).json().emailVerified).toBe(true);
  });
});

describe('password reset request, answered before any account work', () => {
  // An API-only process: no worker runs the job, so what the answer did is all there is to see.
  let apiOnly: TestApp;
  beforeAll(async () => {
    apiOnly = await createTestApp({}, { role: 'api' });
  });
  afterAll(async () => apiOnly?.close());

  it('answers an existing and an unknown address alike, without looking either up', async () => {
    const other = new Api(apiOnly.app);
    const { email } = await other.signup();
    const unknown = uniqueEmail('nobody');
    const { users } = servicesOf(apiOnly.app.platform, identityModule);
    const lookups = vi.spyOn(users, 'byEmailHash');
    const known = await other.post('/api/v1/auth/password-reset', { body: { email } });
    const ghost = await other.post('/api/v1/auth/password-reset', { body: { email: unknown } });
    expect(lookups).not.toHaveBeenCalled();
    lookups.mockRestore();
    expect([known.statusCode, ghost.statusCode]).toEqual([202, 202]);
    expect(known.body).toBe(ghost.body);
    const { rows: tokens } = await apiOnly.app.platform.database.sql.query(
      `select 1 from auth_codes where purpose = 'password_reset'`,
    );
    expect(tokens).toEqual([]);
    // Both wait as jobs, carrying the address as its blind index only.
    const { rows: jobs } = await apiOnly.app.platform.database.sql.query<{ data: object }>(
      `select data from pgboss.job where name = $1`,
      [PASSWORD_RESET_QUEUE],
    );
    expect(jobs).toHaveLength(2);
    expect(JSON.stringify(jobs)).not.toContain(email);
    expect(JSON.stringify(jobs)).not.toContain(unknown);
  });
});

describe('password change', () => {
  const change = (token: string, currentPassword: string, newPassword = NEW_PASSWORD) =>
    api.post('/api/v1/auth/password', { token, body: { currentPassword, newPassword } });

  it('refuses a wrong current password with 401 and keeps the old one', async () => {
    const account = await api.signup();
    expectProblem(await change(account.accessToken, 'not-my-password-1'), 401, 'INVALID_CREDENTIALS');
    expect((await api.login(account.email, account.password)).statusCode).toBe(200);
    // The session that tried is still signed in.
    expect((await api.me(account.accessToken)).statusCode).toBe(200);
  });

  it('changes the password with the current one', async () => {
    const account = await api.signup();
    expect((await change(account.accessToken, account.password)).statusCode).toBe(204);
    expectProblem(await api.login(account.email, account.password), 401, 'INVALID_CREDENTIALS');
    expect((await api.login(account.email, NEW_PASSWORD)).statusCode).toBe(200);
  });

  it('signs out other sessions and keeps the current one', async () => {
    const account = await api.signup();
    const other = await api.loginOk(account.email, account.password);
    expect((await change(account.accessToken, account.password)).statusCode).toBe(204);
    expectProblem(await api.me(other.accessToken), 401, 'INVALID_TOKEN');
    expectProblem(await api.refresh(other.refreshToken), 401, 'INVALID_TOKEN');
    expect((await api.me(account.accessToken)).statusCode).toBe(200);
    const refreshed = await api.refresh(account.refreshToken);
    expect(refreshed.statusCode, refreshed.body).toBe(200);
  });

  it('refuses a weak new password', async () => {
    const account = await api.signup();
    expectProblem(await change(account.accessToken, account.password, 'qwerty123'), 422, 'WEAK_PASSWORD');
    expect((await api.login(account.email, account.password)).statusCode).toBe(200);
  });

  it('needs a signed-in user', async () => {
    expectProblem(await change('', 'whatever-1'), 401, 'UNAUTHENTICATED');
  });
});
