import fs from 'node:fs';
import { PGlite } from '@electric-sql/pglite';
import { btree_gist } from '@electric-sql/pglite/contrib/btree_gist';
import type { ExtractTablesWithRelations } from 'drizzle-orm';
import { drizzle as drizzlePg } from 'drizzle-orm/node-postgres';
import type { PgDatabase, PgQueryResultHKT, PgTransaction } from 'drizzle-orm/pg-core';
import { drizzle as drizzlePglite } from 'drizzle-orm/pglite';
import pg from 'pg';
import type { DatabaseTarget, DatabaseTimeouts } from '../config/config.ts';

// Queries name their tables (imported from the module that owns them); no
// relational query API, so the client knows no schema and platform code
// never imports a module.
export type Schema = Record<string, never>;
/** The Drizzle client, whichever driver sits underneath. */
export type Db = PgDatabase<PgQueryResultHKT, Schema>;
export type Tx = PgTransaction<PgQueryResultHKT, Schema, ExtractTablesWithRelations<Schema>>;
/** Anything a repository can run a query on: the database or an open transaction. */
export type Executor = Db | Tx;

/** A raw SQL runner, used by pg-boss and by the migrator's lock. */
export interface SqlRunner {
  query<T = Record<string, unknown>>(text: string, values?: unknown[]): Promise<{ rows: T[] }>;
  /** Runs several statements without parameters in one round trip; answers the last one's rows. */
  exec(text: string): Promise<{ rows: Record<string, unknown>[] }>;
}

/** An open database: the typed client plus what infrastructure needs underneath. */
export interface Database {
  kind: 'pglite' | 'postgres';
  db: Db;
  sql: SqlRunner;
  /**
   * For PostgreSQL: runs `fn` on one dedicated connection (session-level locks need that).
   * `unbounded` gives a connection of its own without statement timeouts, for work that
   * may rightly wait or run long (migrations waiting for another process's lock).
   */
  withConnection<T>(
    fn: (conn: { db: Db; sql: SqlRunner }) => Promise<T>,
    options?: { unbounded?: boolean },
  ): Promise<T>;
  /** The connection string pg-boss should use on PostgreSQL, or `null` on PGlite. */
  connectionString: string | null;
  /** node-postgres timeouts other pools of this database (pg-boss's) should use too. */
  clientSettings: ReturnType<typeof postgresClientSettings> | null;
  /** The pool's figures (PostgreSQL), or null (PGlite: one connection, no pool). */
  poolStats(): { total: number; idle: number; waiting: number; max: number } | null;
  /**
   * Calls `onNotify` with the payload of every NOTIFY on `channel` (after the
   * notifying transaction commits). `onLost(true)` reports that notifications
   * may have been missed (the listening connection dropped; it reconnects),
   * `onLost(false)` that they flow again. Answers a function that stops listening.
   */
  listen(
    channel: string,
    onNotify: (payload: string) => void,
    onLost?: (lost: boolean) => void,
  ): Promise<() => Promise<void>>;
  close(): Promise<void>;
}

/** Used when a caller names no timeouts (the CLI's one-off commands). */
export const DEFAULT_DATABASE_TIMEOUTS: DatabaseTimeouts = {
  connectMs: 5_000,
  statementMs: 30_000,
  idleInTransactionMs: 60_000,
};

/**
 * node-postgres settings that make a stalled or unreachable database fail
 * fast instead of hanging requests: a connect timeout, PostgreSQL's own
 * statement and idle-in-transaction timeouts, and a client-side read
 * timeout a little longer than the statement timeout — the one that still
 * fires when the network holds bytes back and the server's answer never
 * arrives. TCP keep-alive notices a peer that vanished.
 */
export function postgresClientSettings(timeouts: DatabaseTimeouts) {
  return {
    connectionTimeoutMillis: timeouts.connectMs,
    statement_timeout: timeouts.statementMs,
    idle_in_transaction_session_timeout: timeouts.idleInTransactionMs,
    query_timeout: timeouts.statementMs + 2_000,
    keepAlive: true,
  };
}

/** Opens the configured database: PostgreSQL through node-postgres, otherwise PGlite. */
export async function openDatabase(
  target: DatabaseTarget,
  options: { poolSize?: number; timeouts?: DatabaseTimeouts; applicationName?: string } = {},
): Promise<Database> {
  return target.kind === 'postgres'
    ? openPostgres(
        target.url,
        target.directUrl,
        options.poolSize ?? 10,
        options.timeouts ?? DEFAULT_DATABASE_TIMEOUTS,
        options.applicationName ?? 'foyer',
      )
    : openPglite(target.dataDir);
}

// Contrib extensions PGlite ships as separate modules: they must be passed
// at open so that `CREATE EXTENSION` (in a migration) finds them. btree_gist
// backs the bookings' exclusion constraint (no double booking).
const PGLITE_EXTENSIONS = { btree_gist };

// Creating a PGlite cluster runs initdb (seconds); loading a dump of a fresh
// one takes a fraction of that. In-memory databases (tests) start from it.
let emptyCluster: Promise<File | Blob> | null = null;

async function emptyClusterDump(): Promise<File | Blob> {
  emptyCluster ??= (async () => {
    const fresh = await PGlite.create({ extensions: PGLITE_EXTENSIONS });
    try {
      return await fresh.dumpDataDir('none');
    } finally {
      await fresh.close();
    }
  })();
  return emptyCluster;
}

async function openPglite(dataDir: string | null): Promise<Database> {
  if (dataDir) fs.mkdirSync(dataDir, { recursive: true });
  const client = dataDir
    ? await PGlite.create(dataDir, { extensions: PGLITE_EXTENSIONS })
    : await PGlite.create({ loadDataDir: await emptyClusterDump(), extensions: PGLITE_EXTENSIONS });
  const db = drizzlePglite({ client }) as unknown as Db;
  const sql: SqlRunner = {
    query: async <T>(text: string, values?: unknown[]) => {
      const res = await client.query<T>(text, values as unknown[] | undefined);
      return { rows: res.rows };
    },
    exec: async (text) => {
      const results = await client.exec(text);
      return { rows: (results.at(-1)?.rows ?? []) as Record<string, unknown>[] };
    },
  };
  let closed = false;
  return {
    kind: 'pglite',
    db,
    sql,
    // PGlite is a single connection already.
    withConnection: (fn) => fn({ db, sql }),
    connectionString: null,
    clientSettings: null,
    poolStats: () => null,
    // One connection: a NOTIFY reaches the callback before the notifying COMMIT resolves.
    listen: async (channel, onNotify) => {
      const unlisten = await client.listen(channel, onNotify);
      return async () => {
        if (!closed) await unlisten();
      };
    },
    close: async () => {
      if (closed) return;
      closed = true;
      await client.close();
    },
  };
}

async function openPostgres(
  url: string,
  directUrl: string | null,
  poolSize: number,
  timeouts: DatabaseTimeouts,
  applicationName: string,
): Promise<Database> {
  const settings = postgresClientSettings(timeouts);
  const pool = new pg.Pool({ connectionString: url, max: poolSize, application_name: applicationName, ...settings });
  // An idle client losing its connection must not crash the process; the pool replaces it.
  pool.on('error', () => {});
  const db = drizzlePg({ client: pool }) as unknown as Db;
  const runner = (q: pg.Pool | pg.PoolClient | pg.Client): SqlRunner => ({
    query: async <T>(text: string, values?: unknown[]) => {
      const res = await q.query(text, values);
      return { rows: res.rows as T[] };
    },
    exec: async (text) => {
      const res = (await q.query(text)) as unknown as pg.QueryResult | pg.QueryResult[];
      const last = Array.isArray(res) ? res.at(-1) : res;
      return { rows: (last?.rows ?? []) as Record<string, unknown>[] };
    },
  });
  let closed = false;
  return {
    kind: 'postgres',
    db,
    sql: runner(pool),
    withConnection: async (fn, options) => {
      // Past a transaction pooler a pooled connection is one server connection per transaction
      // only: a session lock taken on it would be released (or kept) on someone else's. So session
      // work gets a connection of its own on the direct URL.
      if (options?.unbounded || directUrl) {
        const client = new pg.Client({
          connectionString: directUrl ?? url,
          application_name: applicationName,
          ...(options?.unbounded ? { connectionTimeoutMillis: timeouts.connectMs, keepAlive: true } : settings),
        });
        client.on('error', () => {});
        await client.connect();
        try {
          return await fn({ db: drizzlePg({ client }) as unknown as Db, sql: runner(client) });
        } finally {
          await client.end().catch(() => {});
        }
      }
      const conn = await pool.connect();
      try {
        return await fn({ db: drizzlePg({ client: conn }) as unknown as Db, sql: runner(conn) });
      } finally {
        conn.release();
      }
    },
    connectionString: url,
    clientSettings: settings,
    // LISTEN is session state: on the direct URL when a transaction pooler sits in front.
    listen: (channel, onNotify, onLost) =>
      listenPostgres(directUrl ?? url, channel, onNotify, onLost, timeouts.connectMs, applicationName),
    poolStats: () => ({ total: pool.totalCount, idle: pool.idleCount, waiting: pool.waitingCount, max: poolSize }),
    close: async () => {
      if (closed) return;
      closed = true;
      await pool.end();
    },
  };
}

/** A dedicated connection LISTENing on `channel`, reconnecting (after reporting the loss) when it drops. */
async function listenPostgres(
  url: string,
  channel: string,
  onNotify: (payload: string) => void,
  onLost?: (lost: boolean) => void,
  connectTimeoutMs = DEFAULT_DATABASE_TIMEOUTS.connectMs,
  // The process's own name: behind a transaction pooler this session is how `foyer doctor`
  // (pg_stat_activity) still sees the process, its pooled connections being anyone's.
  applicationName = 'foyer-listen',
): Promise<() => Promise<void>> {
  let stopped = false;
  let client: pg.Client | null = null;
  let timer: NodeJS.Timeout | null = null;
  const connect = async (): Promise<void> => {
    const c = new pg.Client({
      connectionString: url,
      application_name: applicationName,
      connectionTimeoutMillis: connectTimeoutMs,
      keepAlive: true,
    });
    c.on('notification', (n) => {
      if (n.channel === channel) onNotify(n.payload ?? '');
    });
    c.on('error', () => lost());
    c.on('end', () => lost());
    await c.connect();
    await c.query(`LISTEN "${channel.replace(/"/g, '""')}"`);
    client = c;
  };
  const lost = () => {
    if (stopped || timer) return;
    onLost?.(true);
    client = null;
    timer = setTimeout(async function retry() {
      try {
        await connect();
        timer = null;
        onLost?.(false);
      } catch {
        timer = setTimeout(retry, 1000);
      }
    }, 1000);
  };
  await connect();
  return async () => {
    stopped = true;
    if (timer) clearTimeout(timer);
    await client?.end().catch(() => {});
  };
}
