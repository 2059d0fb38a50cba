import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { testConfig } from '../config/config.ts';
import { Platform } from '../platform.ts';
import { eventually } from '../testing/test-app.ts';
import { createTestDatabase, type TestDatabase } from '../testing/test-database.ts';

let database: TestDatabase;
let platform: Platform;
const attempts = new Map<string, number>();
const attemptTimes = new Map<string, number[]>();
const urgentDone: number[] = [];
let slowRunning = 0;

beforeAll(async () => {
  database = await createTestDatabase();
  platform = new Platform(testConfig({ ...database.env }), {
    configure(p) {
      p.jobs.define({
        name: 'test.flaky',
        retryLimit: 3,
        retryDelaySeconds: 1,
        retryBackoff: true,
        pollingIntervalSeconds: 0.5,
      });
      p.jobs.handle<{ key: string; failTimes: number }>('test.flaky', async ({ key, failTimes }) => {
        const n = (attempts.get(key) ?? 0) + 1;
        attempts.set(key, n);
        attemptTimes.set(key, [...(attemptTimes.get(key) ?? []), Date.now()]);
        if (n <= failTimes) throw new Error(`attempt ${n} fails on purpose`);
      });
      // Slow work: each job holds its worker for seconds.
      p.jobs.define({ name: 'test.slow', retryLimit: 0, concurrency: 1, pollingIntervalSeconds: 0.5 });
      p.jobs.handle('test.slow', async () => {
        slowRunning++;
        await new Promise((r) => setTimeout(r, 3000));
        slowRunning--;
      });
      p.jobs.define({ name: 'test.urgent', retryLimit: 0, concurrency: 1, pollingIntervalSeconds: 0.5 });
      p.jobs.handle('test.urgent', async () => {
        urgentDone.push(Date.now());
      });
      p.jobs.define({ name: 'test.nightly', retryLimit: 0 });
      p.jobs.handle('test.nightly', async () => {});
      p.jobs.schedule('test.nightly', '0 2 * * *', { report: 'daily' }, 'Europe/Berlin');
    },
  });
  await platform.start();
});

afterAll(async () => {
  await platform?.stop();
  await database?.drop();
});

describe('job queue', () => {
  it('retries a failing job with growing delays until it succeeds', async () => {
    await platform.jobs.send('test.flaky', { key: 'retry-ok', failTimes: 2 });
    await eventually(() => attempts.get('retry-ok') === 3, 30_000);
    const times = attemptTimes.get('retry-ok')!;
    const firstGap = times[1]! - times[0]!;
    const secondGap = times[2]! - times[1]!;
    expect(firstGap).toBeGreaterThanOrEqual(900);
    // Backoff: the second wait is longer than the first.
    expect(secondGap).toBeGreaterThan(firstGap);
  });

  it('keeps a job that failed every attempt, with its error, visible', async () => {
    const id = await platform.jobs.send('test.flaky', { key: 'always-fails', failTimes: 99 });
    const failed = await eventually(async () => {
      const list = await platform.jobs.listFailed({ queue: 'test.flaky' });
      return list.find((j) => j.id === id);
    }, 40_000);
    if (!failed) throw new Error('unreachable');
    expect(attempts.get('always-fails')).toBe(4);
    expect(failed.retryCount).toBe(3);
    expect(JSON.stringify(failed.output)).toContain('fails on purpose');
    const counts = await platform.jobs.stateCounts();
    expect(counts).toContainEqual(expect.objectContaining({ queue: 'test.flaky', state: 'failed' }));
    const metrics = (await platform.metrics.render()).body;
    expect(metrics).toMatch(/foyer_jobs_failed_total\{queue="test.flaky"\} [1-9]/);
  });

  it('runs urgent work while a slow queue is saturated', async () => {
    for (let i = 0; i < 5; i++) await platform.jobs.send('test.slow', {});
    await eventually(() => slowRunning > 0, 10_000);
    const sentAt = Date.now();
    await platform.jobs.send('test.urgent', {});
    await eventually(() => urgentDone.length > 0, 10_000);
    // Five slow jobs take 15 s in their own queue; the urgent one does not wait for them.
    expect(urgentDone[0]! - sentAt).toBeLessThan(2500);
  });

  it('registers cron schedules in their timezone', async () => {
    const rows = await platform.database.sql.query<{ name: string; cron: string; timezone: string }>(
      'select name, cron, timezone from pgboss.schedule order by name',
    );
    expect(rows.rows).toContainEqual({ name: 'test.nightly', cron: '0 2 * * *', timezone: 'Europe/Berlin' });
    expect(rows.rows.map((r) => r.name)).toContain('maintenance.outbox-retention');
  });
});
