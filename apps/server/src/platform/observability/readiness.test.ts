import { Readiness } from '@foyer/contracts';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestApp, type TestApp } from '../testing/test-app.ts';

let t: TestApp;
beforeAll(async () => {
  t = await createTestApp();
});
afterAll(async () => t?.close());

describe('health and readiness', () => {
  it('reports alive and ready with each check', async () => {
    const health = await t.app.inject({ method: 'GET', url: '/healthz' });
    expect(health.json()).toEqual({ status: 'ok' });
    const res = await t.app.inject({ method: 'GET', url: '/readyz' });
    expect(res.statusCode).toBe(200);
    const body = Readiness.parse(res.json());
    expect(body.status).toBe('ready');
    expect(body.checks.map((c) => c.name)).toEqual(['database', 'migrations', 'jobs', 'pubsub']);
    expect(res.headers['cache-control']).toBe('no-store');
  });

  it('answers the version of the instance', async () => {
    const res = await t.app.inject({ method: 'GET', url: '/api/v1/version' });
    expect(res.json()).toMatchObject({ name: 'foyer', apiVersion: 'v1', mail: 'outbox' });
  });

  it('answers 503 with the reason when the database is gone, while /healthz stays up', async () => {
    await t.app.platform.jobs.stop();
    await t.app.platform.database.close();
    const res = await t.app.inject({ method: 'GET', url: '/readyz' });
    expect(res.statusCode).toBe(503);
    const body = Readiness.parse(res.json());
    expect(body.status).toBe('not_ready');
    expect(body.checks.find((c) => c.name === 'database')?.ok).toBe(false);
    expect(body.checks.find((c) => c.name === 'jobs')?.ok).toBe(false);
    expect((await t.app.inject({ method: 'GET', url: '/healthz' })).statusCode).toBe(200);
  });
});
