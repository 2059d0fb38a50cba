import { Readiness } from '@foyer/contracts';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createS3TestBucket } from '../testing/s3-test-server.ts';
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
    expect(body.checks.map((c) => c.name)).toEqual(['database', 'migrations', 'jobs', 'pubsub', 'storage']);
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

  it('checks the S3 bucket: ready when it exists, 503 naming it when it does not', async () => {
    const bucket = await createS3TestBucket();
    const good = await createTestApp(bucket.env);
    try {
      const res = await good.app.inject({ method: 'GET', url: '/readyz' });
      expect(res.statusCode).toBe(200);
      expect(res.json().checks.find((c: { name: string }) => c.name === 'storage')).toMatchObject({ ok: true });
    } finally {
      await good.close();
    }
    const bad = await createTestApp({ ...bucket.env, S3_BUCKET: 'missing-bucket-foyer' });
    try {
      const res = await bad.app.inject({ method: 'GET', url: '/readyz' });
      expect(res.statusCode).toBe(503);
      const storage = res.json().checks.find((c: { name: string }) => c.name === 'storage');
      expect(storage.ok).toBe(false);
      expect(storage.detail).toMatch(/missing-bucket-foyer: no such bucket/);
    } finally {
      await bad.close();
      await bucket.close();
    }
  }, 60_000);
});
