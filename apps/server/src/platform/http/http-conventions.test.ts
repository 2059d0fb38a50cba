import { PROBLEM_CONTENT_TYPE, Problem } from '@foyer/contracts';
import type { FastifyInstance } from 'fastify';
import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { z } from 'zod';
import type { FoyerModule } from '../module.ts';
import { createTestApp, type TestApp } from '../testing/test-app.ts';
import { AppError } from './problem.ts';

// A module with a body schema, standing in for every JSON route of later modules.
const echoModule: FoyerModule = {
  name: 'test-echo',
  needs: () => [],
  services: () => ({}),
  routes(app: FastifyInstance) {
    app.withTypeProvider<ZodTypeProvider>().post(
      '/api/v1/test/echo',
      {
        config: { access: 'public' },
        schema: {
          body: z.object({ email: z.email(), name: z.string().min(2), seats: z.number().int().positive() }),
          response: { 200: z.object({ ok: z.literal(true) }) },
        },
      },
      async () => ({ ok: true as const }),
    );
    app.get('/api/v1/test/conflict', { config: { access: 'public' } }, async () => {
      throw new AppError('CONFLICT', 409, 'Already there.');
    });
    app.get('/api/v1/test/crash', { config: { access: 'public' } }, async () => {
      throw new Error('secret internal detail');
    });
  },
};

let t: TestApp;
beforeAll(async () => {
  t = await createTestApp({ BODY_LIMIT_BYTES: '1024' }, { modules: [echoModule] });
});
afterAll(async () => t?.close());

function expectProblem(res: { headers: Record<string, unknown>; json(): unknown }, status: number, code: string) {
  expect(String(res.headers['content-type'])).toContain(PROBLEM_CONTENT_TYPE);
  const problem = Problem.parse(res.json());
  expect(problem.status).toBe(status);
  expect(problem.code).toBe(code);
  expect(problem.type).toMatch(/^https:\/\/foyer\.dev\/problems\//);
  expect(problem.title.length).toBeGreaterThan(0);
  expect(problem.detail.length).toBeGreaterThan(0);
  return problem;
}

describe('HTTP conventions', () => {
  it('answers unknown API routes with a 404 problem', async () => {
    const res = await t.app.inject({ method: 'GET', url: '/api/v1/does-not-exist' });
    expect(res.statusCode).toBe(404);
    expectProblem(res, 404, 'ROUTE_NOT_FOUND');
  });

  it('answers unknown methods on known paths with a 404 problem', async () => {
    const res = await t.app.inject({ method: 'DELETE', url: '/api/v1/version' });
    expectProblem(res, 404, 'ROUTE_NOT_FOUND');
  });

  it('answers malformed JSON with a 400 problem', async () => {
    const res = await t.app.inject({
      method: 'POST',
      url: '/api/v1/test/echo',
      headers: { 'content-type': 'application/json' },
      payload: '{"email": "a@b.c", "name": ',
    });
    expect(res.statusCode).toBe(400);
    expectProblem(res, 400, 'MALFORMED_JSON');
  });

  it('answers an oversize body with a 413 problem', async () => {
    const res = await t.app.inject({
      method: 'POST',
      url: '/api/v1/test/echo',
      headers: { 'content-type': 'application/json' },
      payload: JSON.stringify({ email: 'a@example.org', name: 'x'.repeat(5000), seats: 1 }),
    });
    expect(res.statusCode).toBe(413);
    expectProblem(res, 413, 'PAYLOAD_TOO_LARGE');
  });

  it('answers invalid fields with a 422 problem listing each field', async () => {
    const res = await t.app.inject({
      method: 'POST',
      url: '/api/v1/test/echo',
      payload: { email: 'not-an-email', name: 'x', seats: -1 },
    });
    expect(res.statusCode).toBe(422);
    const problem = expectProblem(res, 422, 'VALIDATION_FAILED');
    const fields = problem.errors?.map((e) => e.field).sort();
    expect(fields).toEqual(['body.email', 'body.name', 'body.seats']);
  });

  it('answers an unsupported content type with a 415 problem', async () => {
    const res = await t.app.inject({
      method: 'POST',
      url: '/api/v1/test/echo',
      headers: { 'content-type': 'application/x-www-form-urlencoded' },
      payload: 'a=b',
    });
    expectProblem(res, 415, 'UNSUPPORTED_MEDIA_TYPE');
  });

  it('maps errors thrown on purpose to their problem', async () => {
    const res = await t.app.inject({ method: 'GET', url: '/api/v1/test/conflict' });
    expectProblem(res, 409, 'CONFLICT');
  });

  it('hides internal errors behind a generic 500 problem', async () => {
    const res = await t.app.inject({ method: 'GET', url: '/api/v1/test/crash' });
    const problem = expectProblem(res, 500, 'INTERNAL_ERROR');
    expect(JSON.stringify(problem)).not.toContain('secret internal detail');
    expect(problem.requestId).toBe(res.headers['x-request-id']);
  });

  it('returns a request id, keeping a well-formed incoming one', async () => {
    const own = await t.app.inject({ method: 'GET', url: '/healthz' });
    expect(own.headers['x-request-id']).toMatch(/^[0-9a-f-]{36}$/);
    const kept = await t.app.inject({ method: 'GET', url: '/healthz', headers: { 'x-request-id': 'lb-1234.abc' } });
    expect(kept.headers['x-request-id']).toBe('lb-1234.abc');
    const replaced = await t.app.inject({
      method: 'GET',
      url: '/healthz',
      headers: { 'x-request-id': 'bad id\nwith newline' },
    });
    expect(replaced.headers['x-request-id']).not.toContain('bad');
  });

  it('sets the document security headers on pages and probes', async () => {
    const res = await t.app.inject({ method: 'GET', url: '/healthz' });
    expect(res.headers['x-content-type-options']).toBe('nosniff');
    expect(res.headers['content-security-policy']).toContain("default-src 'self'");
    expect(res.headers['x-frame-options']).toBe('SAMEORIGIN');
    expect(res.headers['x-powered-by']).toBeUndefined();
  });

  it('sets the API security headers on API answers: nothing loads from them, nothing frames them', async () => {
    for (const url of ['/api/v1/version', '/api/v1/no-such-route']) {
      const res = await t.app.inject({ method: 'GET', url });
      expect(res.headers['x-content-type-options']).toBe('nosniff');
      expect(res.headers['content-security-policy']).toBe("default-src 'none'; frame-ancestors 'none'");
      expect(res.headers['strict-transport-security']).toContain('max-age=');
      expect(res.headers['referrer-policy']).toBe('no-referrer');
    }
    // The API reference is a page, with its own (relaxed) policy.
    const docs = await t.app.inject({ method: 'GET', url: '/api/docs/' });
    expect(docs.headers['content-security-policy']).toContain("script-src 'self' 'unsafe-inline'");
  });

  it('allows no cross-origin callers unless configured', async () => {
    const res = await t.app.inject({
      method: 'GET',
      url: '/api/v1/version',
      headers: { origin: 'https://evil.example' },
    });
    expect(res.headers['access-control-allow-origin']).toBeUndefined();
  });
});

describe('CORS when configured', () => {
  let c: TestApp;
  beforeAll(async () => {
    c = await createTestApp({ CORS_ORIGINS: 'https://app.example.org' });
  });
  afterAll(async () => c?.close());

  it('allows the configured origin and no other', async () => {
    const ok = await c.app.inject({
      method: 'OPTIONS',
      url: '/api/v1/version',
      headers: { origin: 'https://app.example.org', 'access-control-request-method': 'GET' },
    });
    expect(ok.headers['access-control-allow-origin']).toBe('https://app.example.org');
    const other = await c.app.inject({
      method: 'GET',
      url: '/api/v1/version',
      headers: { origin: 'https://other.example.org' },
    });
    expect(other.headers['access-control-allow-origin']).toBeUndefined();
  });
});
