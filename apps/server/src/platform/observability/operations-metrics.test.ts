import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestApp, eventually, type TestApp } from '../testing/test-app.ts';
import { onRealPostgres } from '../testing/test-database.ts';

/** The figures the alert rules in deploy/prometheus/ are written against. */
describe('operations metrics', () => {
  let t: TestApp;
  const scrape = async () => (await t.app.inject({ method: 'GET', url: '/metrics' })).body;
  beforeAll(async () => {
    t = await createTestApp();
  });
  afterAll(async () => t?.close());

  it('name the role and carry the worker heartbeat of a process that works jobs', async () => {
    const body = await eventually(async () => {
      const b = await scrape();
      return /^foyer_worker_heartbeat_timestamp_seconds [1-9]/m.test(b) ? b : null;
    });
    expect(body).toMatch(/foyer_process_info\{role="all"\} 1/);
    expect(body).toMatch(/^foyer_job_workers [1-9]\d*/m);
    const at = Number(/^foyer_worker_heartbeat_timestamp_seconds (\S+)/m.exec(body)![1]);
    expect(Math.abs(at - Date.now() / 1000)).toBeLessThan(60);
  });

  it('count mail delivered and pub/sub messages', async () => {
    const platform = t.app.platform;
    await platform.mail.send({ to: 'someone@example.org', subject: 'metrics', text: 'hello' });
    await eventually(async () => /foyer_mail_delivered_total\{transport="outbox"\} 1/.test(await scrape()));
    const body = await scrape();
    expect(body).toMatch(/foyer_mail_delivery_failures_total\{final="true"\} 0/);

    const got: unknown[] = [];
    const off = await platform.pubsub.subscribe('metrics-test', (m) => got.push(m));
    await platform.pubsub.publish('metrics-test', { n: 1 });
    await eventually(() => got.length === 1);
    await off();
    const after = await scrape();
    expect(after).toMatch(/foyer_pubsub_messages_published_total 1/);
    expect(after).toMatch(/foyer_pubsub_messages_received_total 1/);
  });

  it.runIf(onRealPostgres)('report the database pool on PostgreSQL', async () => {
    const body = await scrape();
    expect(body).toMatch(/foyer_db_pool_max_connections 10/);
    expect(body).toMatch(/foyer_db_pool_connections\{state="in_use"\} \d+/);
    expect(body).toMatch(/foyer_db_pool_waiting_requests 0/);
  });
});
