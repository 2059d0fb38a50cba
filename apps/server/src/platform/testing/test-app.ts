import type { FastifyInstance } from 'fastify';
import { type BuildAppOptions, buildApp } from '../../app.ts';
import { testConfig } from '../config/config.ts';
import { createTestDatabase, redisUrl, type TestDatabase } from './test-database.ts';

export interface TestApp {
  app: FastifyInstance;
  database: TestDatabase;
  close(): Promise<void>;
}

/**
 * A Foyer app on its own fresh database (and the real Redis when
 * REDIS_URL is set), for `app.inject` tests. Close it in `afterAll`.
 */
export async function createTestApp(
  env: Record<string, string | undefined> = {},
  options: BuildAppOptions = {},
): Promise<TestApp> {
  const database = await createTestDatabase();
  const config = testConfig({ ...database.env, REDIS_URL: redisUrl ?? undefined, ...env });
  const app = await buildApp(config, options);
  return {
    app,
    database,
    close: async () => {
      await app.close();
      await database.drop();
    },
  };
}

/** Polls `check` until it returns a truthy value or `timeoutMs` passes. */
export async function eventually<T>(
  check: () => Promise<T> | T,
  timeoutMs = 10_000,
  intervalMs = 50,
): Promise<NonNullable<T>> {
  const deadline = Date.now() + timeoutMs;
  let last: unknown;
  while (Date.now() < deadline) {
    try {
      const value = await check();
      if (value) return value as NonNullable<T>;
    } catch (err) {
      last = err;
    }
    await new Promise((r) => setTimeout(r, intervalMs));
  }
  throw new Error(`condition not met within ${timeoutMs} ms${last ? `: ${String(last)}` : ''}`);
}
