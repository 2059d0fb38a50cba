import net from 'node:net';
import type { FastifyInstance } from 'fastify';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { buildApp } from '../../app.ts';
import { testConfig } from '../config/config.ts';
import { createTestDatabase, onRealPostgres, type TestDatabase } from '../testing/test-database.ts';

/**
 * The database behind a TCP relay that can pass bytes, stall them (the
 * connection stays open, nothing comes back) or refuse connections. With
 * short timeouts configured, `/readyz` and API requests must fail fast with
 * 503 and, for the API, `SERVICE_UNAVAILABLE` and `Retry-After` — never
 * hang, never 500 — and recover when the database is back.
 */

type Mode = 'pass' | 'stall' | 'refuse';

class Relay {
  mode: Mode = 'pass';
  private readonly server: net.Server;
  private readonly pairs = new Set<{ client: net.Socket; upstream: net.Socket }>();

  constructor(private readonly target: { host: string; port: number }) {
    this.server = net.createServer((client) => {
      if (this.mode === 'refuse') return client.destroy();
      const upstream = net.connect(target.port, target.host);
      const pair = { client, upstream };
      this.pairs.add(pair);
      const forward = (from: net.Socket, to: net.Socket) =>
        from.on('data', (d) => {
          if (this.mode === 'pass') to.write(d);
        });
      forward(client, upstream);
      forward(upstream, client);
      const end = () => {
        client.destroy();
        upstream.destroy();
        this.pairs.delete(pair);
      };
      client.on('close', end).on('error', end);
      upstream.on('close', end).on('error', end);
    });
  }

  async listen(): Promise<number> {
    await new Promise<void>((r) => this.server.listen(0, '127.0.0.1', r));
    return (this.server.address() as net.AddressInfo).port;
  }

  /** Refusing also cuts every open connection, as a database that went away would. */
  set(mode: Mode): void {
    this.mode = mode;
    if (mode === 'refuse') for (const { client, upstream } of this.pairs) client.destroy(), upstream.destroy();
  }

  async close(): Promise<void> {
    this.set('refuse');
    await new Promise((r) => this.server.close(r));
  }
}

describe.runIf(onRealPostgres)('database unreachable or stalled', () => {
  let database: TestDatabase;
  let relay: Relay;
  let app: FastifyInstance;

  beforeAll(async () => {
    database = await createTestDatabase();
    const url = new URL(database.url);
    relay = new Relay({ host: url.hostname, port: Number(url.port || 5432) });
    url.port = String(await relay.listen());
    url.hostname = '127.0.0.1';
    app = await buildApp(
      testConfig({
        DATABASE_URL: url.toString(),
        DATABASE_CONNECT_TIMEOUT_MS: '1000',
        DATABASE_STATEMENT_TIMEOUT_MS: '1000',
      }),
    );
  }, 60_000);
  afterAll(async () => {
    relay?.set('pass');
    await app?.close();
    await relay?.close();
    await database?.drop();
  });

  const timed = async (url: string) => {
    const started = Date.now();
    const res = await app.inject({ url });
    return { res, ms: Date.now() - started };
  };

  for (const mode of ['stall', 'refuse'] as const) {
    it(`answers 503 fast while the database ${mode === 'stall' ? 'holds bytes back' : 'refuses connections'}`, async () => {
      expect((await app.inject({ url: '/readyz' })).statusCode).toBe(200);
      relay.set(mode);
      try {
        const ready = await timed('/readyz');
        expect(ready.res.statusCode).toBe(503);
        expect(ready.ms).toBeLessThan(6_000);

        const api = await timed('/api/v1/events');
        expect(api.res.statusCode).toBe(503);
        expect(api.res.headers['content-type']).toMatch('application/problem+json');
        expect(api.res.json().code).toBe('SERVICE_UNAVAILABLE');
        expect(Number(api.res.headers['retry-after'])).toBeGreaterThan(0);
        expect(api.ms).toBeLessThan(6_000);
      } finally {
        relay.set('pass');
      }
      // Back: the pool replaces the connections it lost.
      const deadline = Date.now() + 15_000;
      let status = 0;
      while (Date.now() < deadline && status !== 200) {
        status = (await app.inject({ url: '/api/v1/events' })).statusCode;
        if (status !== 200) await new Promise((r) => setTimeout(r, 200));
      }
      expect(status).toBe(200);
    }, 60_000);
  }
});
