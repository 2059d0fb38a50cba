import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { Api, expectProblem, uniqueEmail } from '../../platform/testing/api-test-kit.ts';
import { createTestApp, type TestApp } from '../../platform/testing/test-app.ts';

let t: TestApp;
let api: Api;
beforeAll(async () => {
  t = await createTestApp();
  api = new Api(t.app);
});
afterAll(async () => t?.close());

const NEW_PASSWORD = 'marble-orchard-77';

const requestReset = (email: string) => api.post('/api/v1/auth/password-reset', { body: { email } });
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
