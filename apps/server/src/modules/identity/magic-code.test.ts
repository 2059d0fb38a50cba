import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { newNumericCode } from '../../platform/crypto/secrets.ts';
import { Api, expectProblem, type Res, uniqueEmail, uniqueIp } from '../../platform/testing/api-test-kit.ts';
import { createTestApp, type TestApp } from '../../platform/testing/test-app.ts';

let t: TestApp;
let api: Api;
beforeAll(async () => {
  t = await createTestApp();
  api = new Api(t.app);
});
afterAll(async () => t?.close());

const requestCode = (email: string) => api.post('/api/v1/auth/magic-code', { body: { email } });
const verify = (email: string, code: string) => api.post('/api/v1/auth/magic-code/verify', { body: { email, code } });
/** A six-digit code that is not `code`. */
const other = (code: string) => String((Number(code) + 1) % 1_000_000).padStart(6, '0');

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));
const retryAfter = (res: Res) => Number(res.headers['retry-after']);

describe('magic code lockout per account', () => {
  it('locks the address after repeated wrong codes from rotating IPs, with a growing wait', async () => {
    const email = uniqueEmail('guessed');
    await requestCode(email);
    const code = await api.codeFromMail(email);
    // Every guess from another address: per-IP limits never see more than one.
    const guess = (c = other(code)) =>
      api.post('/api/v1/auth/magic-code/verify', { ip: uniqueIp(), body: { email, code: c } });
    for (let i = 0; i < 6; i++) expectProblem(await guess(), 401, 'INVALID_CODE');
    const locked = await guess();
    expectProblem(locked, 429, 'RATE_LIMITED');
    const first = retryAfter(locked);
    expect(first).toBeGreaterThanOrEqual(1);
    expect(first).toBeLessThanOrEqual(2);
    // While locked, not even a fresh, right code gets in.
    await requestCode(email);
    const fresh = await api.codeFromMail(email);
    expectProblem(await guess(fresh), 429, 'RATE_LIMITED');

    await sleep(first * 1000 + 1100);
    expectProblem(await guess(), 401, 'INVALID_CODE');
    const again = await guess();
    expectProblem(again, 429, 'RATE_LIMITED');
    expect(retryAfter(again)).toBeGreaterThan(first);
    expect(retryAfter(again)).toBeLessThanOrEqual(4);

    // After the wait the right code works, and the count starts over.
    await sleep(retryAfter(again) * 1000 + 1100);
    expect((await guess(fresh)).statusCode).toBe(200);
    await requestCode(email);
    const next = await api.codeFromMail(email);
    expectProblem(await guess(), 401, 'INVALID_CODE');
    expect((await guess(next)).statusCode).toBe(200);
  }, 30_000);

  it('keeps the password sign-in of a locked address open', async () => {
    const account = await api.signup();
    for (let i = 0; i < 7; i++) {
      await api.post('/api/v1/auth/magic-code/verify', {
        ip: uniqueIp(),
        body: { email: account.email, code: '000000' },
      });
    }
    expect((await api.login(account.email, account.password)).statusCode).toBe(200);
  });
});

describe('magic code', () => {
  it('answers 202 for an unknown and a known email alike', async () => {
    const known = await api.signup();
    const a = await requestCode(uniqueEmail('unknown'));
    const b = await requestCode(known.email);
    expect(a.statusCode).toBe(202);
    expect(b.statusCode).toBe(202);
    expect(a.json()).toEqual(b.json());
    expect(a.json()).toEqual({ status: 'accepted' });
  });

  it('mails a six-digit code as a string', async () => {
    const email = uniqueEmail();
    await requestCode(email);
    const [mail] = await api.mails(email, 'auth.magic-code');
    expect(mail?.to).toEqual([email]);
    expect(mail?.subject).toMatch(/\b\d{6}$/);
    expect(await api.codeFromMail(email)).toMatch(/^\d{6}$/);
  });

  it('draws codes uniformly over 000000–999999, zero-padded', () => {
    const codes = Array.from({ length: 5000 }, newNumericCode);
    for (const c of codes) expect(c).toMatch(/^\d{6}$/);
    // About 10 % start with 0; the original's Math.random()*9999 never produced six digits.
    const leadingZero = codes.filter((c) => c.startsWith('0')).length;
    expect(leadingZero).toBeGreaterThan(300);
    expect(leadingZero).toBeLessThan(700);
    expect(new Set(codes).size).toBeGreaterThan(4900);
  });

  it('creates a verified account for a new email', async () => {
    const email = uniqueEmail('newcomer');
    await requestCode(email);
    const res = await verify(email, await api.codeFromMail(email));
    expect(res.statusCode, res.body).toBe(200);
    const body = res.json();
    expect(body.user).toMatchObject({ email, emailVerified: true, hasPassword: false });
    expect(typeof body.refreshToken).toBe('string');
    expect((await api.me(body.accessToken)).json()).toMatchObject({ email, emailVerified: true });
  });

  it('signs an existing account in (and verifies its address)', async () => {
    const account = await api.signup();
    await requestCode(account.email);
    const res = await verify(account.email.toUpperCase(), await api.codeFromMail(account.email));
    expect(res.statusCode, res.body).toBe(200);
    expect(res.json().user).toMatchObject({ id: account.userId, emailVerified: true, hasPassword: true });
  });

  it('accepts a code only once', async () => {
    const email = uniqueEmail();
    await requestCode(email);
    const code = await api.codeFromMail(email);
    expect((await verify(email, code)).statusCode).toBe(200);
    expectProblem(await verify(email, code), 401, 'INVALID_CODE');
  });

  it('refuses a code for another email address', async () => {
    const [a, b] = [uniqueEmail(), uniqueEmail()];
    await requestCode(a);
    await requestCode(b);
    const codeA = await api.codeFromMail(a);
    expectProblem(await verify(b, codeA === (await api.codeFromMail(b)) ? other(codeA) : codeA), 401, 'INVALID_CODE');
    // Still valid for its own address.
    expect((await verify(a, codeA)).statusCode).toBe(200);
  });

  it('kills the code after five wrong tries, even for the right code afterwards', async () => {
    const email = uniqueEmail();
    await requestCode(email);
    const code = await api.codeFromMail(email);
    for (let i = 0; i < 5; i++) expectProblem(await verify(email, other(code)), 401, 'INVALID_CODE');
    expectProblem(await verify(email, code), 401, 'INVALID_CODE');
  });

  it('still accepts the right code after four wrong tries', async () => {
    const email = uniqueEmail();
    await requestCode(email);
    const code = await api.codeFromMail(email);
    for (let i = 0; i < 4; i++) expectProblem(await verify(email, other(code)), 401, 'INVALID_CODE');
    expect((await verify(email, code)).statusCode).toBe(200);
  });

  it('invalidates the first code when a second one is requested', async () => {
    const email = uniqueEmail();
    await requestCode(email);
    const first = await api.codeFromMail(email);
    await requestCode(email);
    const second = await api.codeFromMail(email);
    expect(await api.mails(email, 'auth.magic-code')).toHaveLength(2);
    if (first !== second) expectProblem(await verify(email, first), 401, 'INVALID_CODE');
    expect((await verify(email, second)).statusCode).toBe(200);
  });

  it('refuses an expired code', async () => {
    const email = uniqueEmail();
    await requestCode(email);
    const code = await api.codeFromMail(email);
    const emailHash = t.app.platform.cipher.emailIndex(email);
    await t.app.platform.database.sql.query(
      `update auth_codes set expires_at = now() - interval '1 second' where email_hash = $1 and purpose = 'magic_login'`,
      [emailHash],
    );
    expectProblem(await verify(email, code), 401, 'INVALID_CODE');
  });

  it('is valid for ten minutes', async () => {
    const email = uniqueEmail();
    await requestCode(email);
    const { rows } = await t.app.platform.database.sql.query<{ seconds: number }>(
      `select extract(epoch from expires_at - created_at)::int as seconds from auth_codes where email_hash = $1`,
      [t.app.platform.cipher.emailIndex(email)],
    );
    expect(Number(rows[0]?.seconds)).toBeGreaterThanOrEqual(595);
    expect(Number(rows[0]?.seconds)).toBeLessThanOrEqual(600);
  });

  it('stores only a hash of the code', async () => {
    const email = uniqueEmail();
    await requestCode(email);
    const code = await api.codeFromMail(email);
    const { rows } = await t.app.platform.database.sql.query('select * from auth_codes where email_hash = $1', [
      t.app.platform.cipher.emailIndex(email),
    ]);
    expect(rows).toHaveLength(1);
    expect(JSON.stringify(rows)).not.toContain(code);
  });

  it('refuses a code that is not six digits with 422', async () => {
    expectProblem(await verify(uniqueEmail(), '12345'), 422, 'VALIDATION_FAILED');
    expectProblem(await verify(uniqueEmail(), '12345a'), 422, 'VALIDATION_FAILED');
  });
});
