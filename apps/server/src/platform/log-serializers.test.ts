import { Writable } from 'node:stream';
import { sql } from 'drizzle-orm';
import type { FastifyInstance } from 'fastify';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { buildApp } from '../app.ts';
import { testConfig } from './config/config.ts';
import { createLogger } from './logger.ts';
import { createTestDatabase, type TestDatabase } from './testing/test-database.ts';

/** Every log line of a real app, kept in memory. */
let lines: string[] = [];
let app: FastifyInstance;
let database: TestDatabase;

beforeAll(async () => {
  database = await createTestDatabase();
  const sink = new Writable({
    write(chunk, _enc, done) {
      lines.push(...String(chunk).split('\n').filter(Boolean));
      done();
    },
  });
  const config = testConfig({ ...database.env, LOG_LEVEL: 'info' });
  app = await buildApp(config, { logger: createLogger(config, {}, sink) });
}, 60_000);
afterAll(async () => {
  await app?.close();
  await database?.drop();
});

describe('log lines', () => {
  it('carry no value of a token-like query parameter, whatever the route', async () => {
    lines = [];
    const secret = 'LIVE-TOKEN-4f9c2a';
    await app.inject({ url: `/api/v1/registrations/00000000-0000-4000-8000-000000000000/by-link?token=${secret}` });
    await app.inject({ url: `/reset-password?token=${secret}&next=%2Fme` });
    await app.inject({ url: `/api/v1/events?q=jazz&api_key=${secret}&code=${secret}` });
    const all = lines.join('\n');
    expect(all).not.toContain(secret);
    expect(all).toContain('token=[redacted]');
    expect(all).toContain('next=%2Fme');
    expect(all).toContain('q=jazz');
  });

  it('log a failed query with its statement and SQLSTATE, never its parameter values', async () => {
    lines = [];
    const personal = 'alice.personal@example.org';
    const err = await app.platform.database.db.execute(sql`select ${personal}::uuid as id`).then(
      () => null,
      (e: unknown) => e,
    );
    expect(err).toBeTruthy();
    app.platform.logger.error({ err }, 'query failed');
    const line = lines.find((l) => l.includes('query failed'));
    expect(line).toBeDefined();
    expect(line).not.toContain(personal);
    const logged = JSON.parse(line!).err;
    expect(logged.code).toBe('22P02');
    expect(logged.query).toContain('::uuid');
  });
});
