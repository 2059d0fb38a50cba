import path from 'node:path';
import pg from 'pg';
import { afterAll, describe, expect, it } from 'vitest';
import { REPO_ROOT, testConfig } from './config/config.ts';
import { shippedMigrations } from './db/migrate.ts';
import { Platform } from './platform.ts';
import { type ServerProcess, startServerProcess } from './testing/server-process.ts';
import { createTestDatabase, onRealPostgres, type TestDatabase } from './testing/test-database.ts';

const cleanups: (() => Promise<unknown>)[] = [];
afterAll(async () => {
  for (const c of cleanups.reverse()) await c().catch(() => {});
});

async function track<T extends TestDatabase | ServerProcess>(thing: T): Promise<T> {
  cleanups.push('drop' in thing ? () => thing.drop() : () => thing.stop('SIGKILL'));
  return thing;
}

function migrationLogs(output: string): { applied: number; total: number }[] {
  return output
    .split('\n')
    .filter((l) => l.includes('database migrations checked'))
    .map((l) => JSON.parse(l) as { applied: number; total: number });
}

describe('data on the embedded database', () => {
  it('survives a restart, and the second start applies no migrations', async () => {
    const database = await track(await createTestDatabase({ persistent: true }));
    const first = new Platform(testConfig({ ...database.env }));
    await first.start();
    expect(first.migrations?.applied).toBe(onRealPostgres ? shippedMigrations().length : shippedMigrations().length);
    const { id } = await first.mail.send({ to: 'keep@example.org', subject: 'Persist me', text: 'x' });
    await first.stop();

    const second = new Platform(testConfig({ ...database.env }));
    await second.start();
    try {
      expect(second.migrations).toEqual({ applied: 0, total: shippedMigrations().length });
      expect((await second.mail.get(id))?.subject).toBe('Persist me');
    } finally {
      await second.stop();
    }
  });
});

describe.skipIf(!onRealPostgres)('several processes on one PostgreSQL', () => {
  it('both become ready and the migrations ran once', async () => {
    const database = await track(await createTestDatabase());
    const env = { ...database.env };
    const [a, b] = await Promise.all([
      startServerProcess({ env }).then(track),
      startServerProcess({ env }).then(track),
    ]);
    const total = shippedMigrations().length;
    const logs = [...migrationLogs(a.output()), ...migrationLogs(b.output())];
    expect(logs).toHaveLength(2);
    expect(logs.map((l) => l.applied).sort()).toEqual([0, total]);

    const client = new pg.Client({ connectionString: database.url });
    await client.connect();
    try {
      const res = await client.query('select hash, count(*)::int as n from drizzle.__drizzle_migrations group by hash');
      expect(res.rows).toHaveLength(total);
      expect(res.rows.every((r) => r.n === 1)).toBe(true);
    } finally {
      await client.end();
    }
    for (const p of [a, b]) {
      const ready = (await (await fetch(`${p.url}/readyz`)).json()) as { status: string };
      expect(ready.status).toBe('ready');
    }
    expect(await a.stop()).toBe(0);
    expect(await b.stop()).toBe(0);
  });

  it('runs API and worker roles as separate processes', async () => {
    const database = await track(await createTestDatabase());
    const env = { ...database.env };
    const api = await track(await startServerProcess({ env, args: ['serve', '--role', 'api'] }));
    const worker = await track(await startServerProcess({ env, args: ['worker'] }));
    expect((await fetch(`${api.url}/api/v1/version`)).status).toBe(200);
    // The worker answers probes only.
    expect((await fetch(`${worker.url}/api/v1/version`)).status).toBe(404);
    const { checks } = (await (await fetch(`${worker.url}/readyz`)).json()) as {
      checks: { name: string; detail: string }[];
    };
    expect(checks.find((c) => c.name === 'jobs')?.detail).toBe('working');
    expect(await api.stop()).toBe(0);
    expect(await worker.stop()).toBe(0);
  });
});

describe('graceful shutdown', () => {
  it('drains a request in flight, refuses new connections and exits 0 on SIGTERM', async () => {
    const database = await track(await createTestDatabase({ persistent: true }));
    const server = await track(
      await startServerProcess({
        env: { ...database.env },
        script: path.join(REPO_ROOT, 'apps/server/src/platform/testing/fixtures/serve-with-slow-route.ts'),
      }),
    );
    const inFlight = fetch(`${server.url}/api/v1/test/slow?ms=1500`).then(async (r) => ({
      status: r.status,
      body: await r.json(),
    }));
    await new Promise((r) => setTimeout(r, 300));
    server.child.kill('SIGTERM');
    await new Promise((r) => setTimeout(r, 300));
    const late = await fetch(`${server.url}/healthz`).then(
      (r) => r.status,
      () => 'refused',
    );
    expect(late === 'refused' || late === 503).toBe(true);
    expect(await inFlight).toEqual({ status: 200, body: { waited: 1500 } });
    expect(await server.exited, server.output()).toBe(0);
    expect(server.output()).toContain('shut down cleanly');
  });
});
