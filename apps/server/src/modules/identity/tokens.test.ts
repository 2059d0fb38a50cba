import type { AddressInfo } from 'node:net';
import {
  base64url,
  createRemoteJWKSet,
  decodeJwt,
  decodeProtectedHeader,
  generateKeyPair,
  jwtVerify,
  SignJWT,
  UnsecuredJWT,
} from 'jose';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { servicesOf } from '../../platform/module.ts';
import { Api, expectProblem, type SignedUp } from '../../platform/testing/api-test-kit.ts';
import { createTestApp, type TestApp } from '../../platform/testing/test-app.ts';
import { identityModule } from './index.ts';

let t: TestApp;
let api: Api;
let base: string;
let account: SignedUp;
beforeAll(async () => {
  t = await createTestApp();
  api = new Api(t.app);
  await t.app.listen({ port: 0, host: '127.0.0.1' });
  base = `http://127.0.0.1:${(t.app.server.address() as AddressInfo).port}`;
  account = await api.signup();
});
afterAll(async () => t?.close());

const issuer = () => t.app.platform.config.publicUrl;
const jwks = () =>
  createRemoteJWKSet(new URL(`${base}/.well-known/jwks.json`), { cacheMaxAge: 0, cooldownDuration: 0 });

/** A token like Foyer's own, signed with `key`, with claims overridable. */
async function craft(
  key: Parameters<SignJWT['sign']>[0],
  options: { kid: string; alg?: string; typ?: string; iat?: number; exp?: number; iss?: string; aud?: string },
) {
  const now = Math.floor(Date.now() / 1000);
  const real = decodeJwt(account.accessToken);
  return new SignJWT({ sid: real.sid, role: 'user' })
    .setProtectedHeader({ alg: options.alg ?? 'EdDSA', kid: options.kid, typ: options.typ ?? 'at+jwt' })
    .setIssuer(options.iss ?? issuer())
    .setAudience(options.aud ?? 'foyer')
    .setSubject(account.userId)
    .setIssuedAt(options.iat ?? now)
    .setExpirationTime(options.exp ?? now + 600)
    .sign(key);
}

const currentKid = () => decodeProtectedHeader(account.accessToken).kid!;

describe('access tokens', () => {
  it('publishes the public keys at /.well-known/jwks.json', async () => {
    const res = await api.get('/.well-known/jwks.json');
    expect(res.statusCode).toBe(200);
    const { keys } = res.json() as { keys: Record<string, unknown>[] };
    expect(keys.length).toBeGreaterThanOrEqual(1);
    for (const k of keys) {
      expect(k).toMatchObject({ kty: 'OKP', crv: 'Ed25519', alg: 'EdDSA', use: 'sig' });
      expect(typeof k.kid).toBe('string');
      expect(k).not.toHaveProperty('d');
    }
    expect(keys.map((k) => k.kid)).toContain(currentKid());
  });

  it('verifies with jose against the running server’s JWKS URL', async () => {
    const { payload, protectedHeader } = await jwtVerify(account.accessToken, jwks(), {
      issuer: issuer(),
      audience: 'foyer',
    });
    expect(protectedHeader.alg).toBe('EdDSA');
    expect(protectedHeader.kid).toEqual(expect.any(String));
    expect(payload.sub).toBe(account.userId);
    expect(payload.exp! - payload.iat!).toBeLessThanOrEqual(900);
    expect(payload.exp! - payload.iat!).toBeGreaterThan(0);
    expect(payload.jti).toEqual(expect.any(String));
  });

  it('carries no personal data', () => {
    const payload = decodeJwt(account.accessToken);
    expect(JSON.stringify(payload).toLowerCase()).not.toContain(account.email.split('@')[0]!.toLowerCase());
  });

  it('accepts a well-formed token signed with the current key (control for the refusals below)', async () => {
    const signer = await servicesOf(t.app.platform, identityModule).signingKeys.signer();
    const token = await craft(signer.privateKey!, { kid: signer.kid });
    expect((await api.me(token)).statusCode).toBe(200);
  });

  it('refuses a token signed by another key under the same kid', async () => {
    const { privateKey } = await generateKeyPair('EdDSA', { crv: 'Ed25519' });
    const token = await craft(privateKey, { kid: currentKid() });
    expectProblem(await api.me(token), 401, 'INVALID_TOKEN');
  });

  it('refuses a token signed by another key under an unknown kid', async () => {
    const { privateKey } = await generateKeyPair('ES256');
    const token = await craft(privateKey, { kid: 'attacker-key', alg: 'ES256' });
    expectProblem(await api.me(token), 401, 'INVALID_TOKEN');
  });

  it('refuses alg: none', async () => {
    const real = decodeJwt(account.accessToken);
    const unsecured = new UnsecuredJWT({ ...real }).encode();
    expectProblem(await api.me(unsecured), 401, 'INVALID_TOKEN');
    // Also with the real kid and type in the header.
    const header = base64url.encode(JSON.stringify({ alg: 'none', kid: currentKid(), typ: 'at+jwt' }));
    const payload = account.accessToken.split('.')[1];
    expectProblem(await api.me(`${header}.${payload}.`), 401, 'INVALID_TOKEN');
  });

  it('refuses an expired token signed with the real key', async () => {
    const signer = await servicesOf(t.app.platform, identityModule).signingKeys.signer();
    const now = Math.floor(Date.now() / 1000);
    const token = await craft(signer.privateKey!, { kid: signer.kid, iat: now - 1000, exp: now - 100 });
    expectProblem(await api.me(token), 401, 'INVALID_TOKEN');
  });

  it('refuses a token for another issuer or audience', async () => {
    const signer = await servicesOf(t.app.platform, identityModule).signingKeys.signer();
    const wrongIss = await craft(signer.privateKey!, { kid: signer.kid, iss: 'https://evil.example' });
    const wrongAud = await craft(signer.privateKey!, { kid: signer.kid, aud: 'other-service' });
    expectProblem(await api.me(wrongIss), 401, 'INVALID_TOKEN');
    expectProblem(await api.me(wrongAud), 401, 'INVALID_TOKEN');
  });

  it('refuses a JWT of another type (typ must be at+jwt)', async () => {
    const signer = await servicesOf(t.app.platform, identityModule).signingKeys.signer();
    expectProblem(await api.me(await craft(signer.privateKey!, { kid: signer.kid, typ: 'JWT' })), 401, 'INVALID_TOKEN');
  });

  it('refuses a tampered payload', async () => {
    const [h, p, s] = account.accessToken.split('.') as [string, string, string];
    const claims = JSON.parse(new TextDecoder().decode(base64url.decode(p)));
    const forged = base64url.encode(JSON.stringify({ ...claims, role: 'admin' }));
    expectProblem(await api.me(`${h}.${forged}.${s}`), 401, 'INVALID_TOKEN');
  });

  it.each([
    ['garbage', 'not-a-jwt'],
    ['three dots of nothing', '..'],
    ['a truncated token', 'eyJhbGciOiJFZERTQSJ9.eyJzdWIiOiJ4In0'],
  ])('refuses %s', async (_name, token) => {
    expectProblem(await api.me(token), 401, 'INVALID_TOKEN');
  });

  it('refuses a non-Bearer authorization header', async () => {
    const res = await api.get('/api/v1/me', { headers: { authorization: 'Basic dXNlcjpwYXNz' } });
    expect(res.statusCode).toBe(401);
  });

  it('refuses the token of a revoked session even though its signature is valid', async () => {
    const other = await api.loginOk(account.email, account.password);
    expect((await api.post('/api/v1/auth/logout', { token: other.accessToken })).statusCode).toBe(204);
    await expect(jwtVerify(other.accessToken, jwks(), { issuer: issuer(), audience: 'foyer' })).resolves.toBeDefined();
    expectProblem(await api.me(other.accessToken), 401, 'INVALID_TOKEN');
  });
});

describe('key rotation', () => {
  it('signs new tokens with the new key, keeps old tokens valid and publishes both keys', async () => {
    const keys = servicesOf(t.app.platform, identityModule).signingKeys;
    const oldToken = account.accessToken;
    const oldKid = decodeProtectedHeader(oldToken).kid!;
    const newKid = await keys.rotate();
    expect(newKid).not.toBe(oldKid);

    const fresh = await api.loginOk(account.email, account.password);
    expect(decodeProtectedHeader(fresh.accessToken).kid).toBe(newKid);

    const published = (await api.get('/.well-known/jwks.json')).json().keys.map((k: { kid: string }) => k.kid);
    expect(published).toEqual(expect.arrayContaining([oldKid, newKid]));

    // Both verify, through the server and through jose against the JWKS.
    expect((await api.me(oldToken)).statusCode).toBe(200);
    expect((await api.me(fresh.accessToken)).statusCode).toBe(200);
    for (const token of [oldToken, fresh.accessToken]) {
      await expect(jwtVerify(token, jwks(), { issuer: issuer(), audience: 'foyer' })).resolves.toBeDefined();
    }
  });

  it('no longer signs with the retired key', async () => {
    const keys = servicesOf(t.app.platform, identityModule).signingKeys;
    const retired = (await keys.list()).filter((k) => k.retiredAt !== null).map((k) => k.kid);
    expect(retired.length).toBeGreaterThanOrEqual(1);
    const fresh = await api.loginOk(account.email, account.password);
    expect(retired).not.toContain(decodeProtectedHeader(fresh.accessToken).kid);
  });

  it('stops publishing a retired key once every token it signed has expired', async () => {
    const keys = servicesOf(t.app.platform, identityModule).signingKeys;
    const oldKid = decodeProtectedHeader(account.accessToken).kid!;
    // Pretend the key was retired two hours ago (tokens live at most 15 minutes).
    await t.app.platform.database.sql.query(
      `update signing_keys set retired_at = now() - interval '2 hours' where kid = $1`,
      [oldKid],
    );
    const newest = await keys.rotate();
    const published = (await api.get('/.well-known/jwks.json')).json().keys.map((k: { kid: string }) => k.kid);
    expect(published).toContain(newest);
    expect(published).not.toContain(oldKid);
    expectProblem(await api.me(account.accessToken), 401, 'INVALID_TOKEN');
  });
});
