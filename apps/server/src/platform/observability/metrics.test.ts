import { spawnSync } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestApp, type TestApp } from '../testing/test-app.ts';

const promtool = ['/usr/bin/promtool', '/usr/local/bin/promtool'].find((p) => fs.existsSync(p));

describe('/metrics on the main port', () => {
  let t: TestApp;
  beforeAll(async () => {
    t = await createTestApp();
  });
  afterAll(async () => t?.close());

  it('exposes process, HTTP, job and outbox metrics in Prometheus format', async () => {
    await t.app.inject({ method: 'GET', url: '/api/v1/version' });
    await t.app.inject({ method: 'GET', url: '/api/v1/nope' });
    const res = await t.app.inject({ method: 'GET', url: '/metrics' });
    expect(res.statusCode).toBe(200);
    expect(res.headers['content-type']).toContain('text/plain');
    const body = res.body;
    expect(body).toContain('process_cpu_seconds_total');
    expect(body).toMatch(/http_requests_total\{method="GET",route="\/api\/v1\/version",status="200"\} 1/);
    expect(body).toMatch(/http_requests_total\{method="GET",route="__unmatched__",status="404"\} 1/);
    expect(body).toContain('http_request_duration_seconds_bucket');
    expect(body).toContain('# TYPE foyer_jobs_completed_total counter');
    expect(body).toContain('# TYPE foyer_jobs_failed_total counter');
    expect(body).toMatch(/foyer_outbox_backlog \d+/);
  });

  it.skipIf(!promtool)('passes promtool check metrics', async () => {
    const body = (await t.app.inject({ method: 'GET', url: '/metrics' })).body;
    const file = path.join(fs.mkdtempSync(path.join(os.tmpdir(), 'foyer-metrics-')), 'metrics.txt');
    fs.writeFileSync(file, body);
    const res = spawnSync('sh', ['-c', `${promtool} check metrics < ${file}`], { encoding: 'utf8' });
    expect(res.stderr + res.stdout).toBe('');
    expect(res.status).toBe(0);
  });
});

describe('/metrics with METRICS_PORT', () => {
  let t: TestApp;
  beforeAll(async () => {
    t = await createTestApp({ METRICS_PORT: '0' });
  });
  afterAll(async () => t?.close());

  it('is served only on the metrics port', async () => {
    const main = await t.app.inject({ method: 'GET', url: '/metrics' });
    expect(main.statusCode).toBe(404);
    expect(t.app.metricsApp).not.toBeNull();
    const metrics = await t.app.metricsApp!.inject({ method: 'GET', url: '/metrics' });
    expect(metrics.statusCode).toBe(200);
    expect(metrics.body).toContain('http_requests_total');
    const other = await t.app.metricsApp!.inject({ method: 'GET', url: '/api/v1/version' });
    expect(other.statusCode).toBe(404);
  });
});
