// DATABASE_DIRECT_URL (for PgBouncer in transaction mode): session work — LISTEN and the
// dedicated connections of withConnection (advisory locks) — goes to the direct URL, queries
// to the pooled one. Two databases stand in for "PgBouncer" and "the server" so each
// connection says where it landed.
import pg from 'pg';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { eventually } from '../testing/test-app.ts';
import { createTestDatabase, onRealPostgres, type TestDatabase } from '../testing/test-database.ts';
import { type Database, openDatabase } from './database.ts';

describe.runIf(onRealPostgres)('a database with a direct URL', () => {
  let pooled: TestDatabase;
  let direct: TestDatabase;
  let database: Database;
  beforeAll(async () => {
    pooled = await createTestDatabase();
    direct = await createTestDatabase();
    // Through .ci/pgbouncer.sh a test database's url is PgBouncer's: the direct side must be a session connection.
    database = await openDatabase(
      { kind: 'postgres', url: pooled.url, directUrl: direct.directUrl ?? direct.url },
      { poolSize: 2 },
    );
  });
  afterAll(async () => {
    await database?.close();
    await pooled?.drop();
    await direct?.drop();
  });
  const nameOf = (url: string) => new URL(url).pathname.slice(1);

  it('runs queries on the pooled URL and withConnection (session locks) on the direct one', async () => {
    const pooledAt = (await database.sql.query<{ db: string }>('select current_database() as db')).rows[0]!.db;
    expect(pooledAt).toBe(nameOf(pooled.url));
    for (const unbounded of [false, true]) {
      const where = await database.withConnection(
        async ({ sql: runner }) => (await runner.query<{ db: string }>('select current_database() as db')).rows[0]!.db,
        { unbounded },
      );
      expect(where).toBe(nameOf(direct.url));
    }
  });

  it('LISTENs on the direct URL', async () => {
    const payloads: string[] = [];
    const stop = await database.listen('foyer_direct_probe', (p) => payloads.push(p));
    const notify = async (url: string, payload: string) => {
      const c = new pg.Client({ connectionString: url });
      await c.connect();
      await c.query(`select pg_notify('foyer_direct_probe', $1)`, [payload]);
      await c.end();
    };
    await notify(pooled.url, 'on the pooled database');
    await notify(direct.url, 'on the direct database');
    await eventually(() => payloads.length > 0, 5_000);
    await new Promise((r) => setTimeout(r, 300));
    expect(payloads).toEqual(['on the direct database']);
    await stop();
  });
});
