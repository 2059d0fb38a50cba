import { randomBytes } from 'node:crypto';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import pg from 'pg';

export interface TestDatabase {
  /** A DATABASE_URL for the new database. */
  url: string;
  /** The same database's direct URL when the tests run through PgBouncer (TEST_DATABASE_DIRECT_URL), else null. */
  directUrl: string | null;
  /** What a test app or process of this database needs: DATABASE_URL and, through PgBouncer, DATABASE_DIRECT_URL. */
  env: { DATABASE_URL: string; DATABASE_DIRECT_URL?: string };
  kind: 'postgres' | 'pglite';
  drop(): Promise<void>;
}

/** True when the tests run against a real PostgreSQL (CI's second pass). */
export const onRealPostgres = /^postgres(ql)?:\/\//.test(process.env.DATABASE_URL ?? '');
export const redisUrl: string | null = process.env.REDIS_URL || null;

/**
 * A fresh, empty database for one test file: a new database on the real
 * PostgreSQL named by DATABASE_URL, or in-memory PGlite otherwise.
 * `persistent` asks for PGlite on disk when not on PostgreSQL (restart tests).
 */
export async function createTestDatabase(options: { persistent?: boolean } = {}): Promise<TestDatabase> {
  if (!onRealPostgres) {
    if (!options.persistent) {
      return {
        url: 'memory://',
        directUrl: null,
        env: { DATABASE_URL: 'memory://' },
        kind: 'pglite',
        drop: async () => {},
      };
    }
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'foyer-pglite-'));
    return {
      url: `pglite://${dir}`,
      directUrl: null,
      env: { DATABASE_URL: `pglite://${dir}` },
      kind: 'pglite',
      drop: async () => fs.rmSync(dir, { recursive: true, force: true }),
    };
  }
  const adminUrl = process.env.DATABASE_URL!;
  const name = `foyer_test_${process.pid}_${randomBytes(4).toString('hex')}`;
  const admin = new pg.Client({ connectionString: adminUrl });
  await admin.connect();
  try {
    await admin.query(`create database ${name}`);
  } finally {
    await admin.end();
  }
  const url = new URL(adminUrl);
  url.pathname = `/${name}`;
  // .ci/pgbouncer.sh: DATABASE_URL is PgBouncer's (transaction pooling) and this names the server itself.
  const directAdmin = process.env.TEST_DATABASE_DIRECT_URL;
  const direct = directAdmin ? new URL(directAdmin) : null;
  if (direct) direct.pathname = `/${name}`;
  return {
    url: url.toString(),
    directUrl: direct?.toString() ?? null,
    env: { DATABASE_URL: url.toString(), ...(direct ? { DATABASE_DIRECT_URL: direct.toString() } : {}) },
    kind: 'postgres',
    drop: async () => {
      const c = new pg.Client({ connectionString: adminUrl });
      await c.connect();
      try {
        await c.query(`drop database if exists ${name} with (force)`);
      } finally {
        await c.end();
      }
    },
  };
}
