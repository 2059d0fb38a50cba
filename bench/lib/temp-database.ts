import { randomBytes } from 'node:crypto';
import pg from 'pg';

/** Where benchmarks create their databases: `BENCH_DATABASE_URL`, or the local PostgreSQL. */
export const BENCH_ADMIN_URL = process.env.BENCH_DATABASE_URL ?? 'postgres://postgres@127.0.0.1:5432/postgres';

/** A fresh PostgreSQL database for one benchmark run, dropped by `drop()`. */
export interface TempDatabase {
  name: string;
  url: string;
  /** Runs `fn` on a connection to the database. */
  withClient<T>(fn: (client: pg.Client) => Promise<T>): Promise<T>;
  drop(): Promise<void>;
}

/** Creates a database named `<prefix>_<random>` on the benchmark server. */
export async function createTempDatabase(prefix = 'foyer_bench'): Promise<TempDatabase> {
  const name = `${prefix}_${randomBytes(4).toString('hex')}`;
  const url = new URL(BENCH_ADMIN_URL);
  url.pathname = `/${name}`;
  await run(BENCH_ADMIN_URL, (c) => c.query(`create database ${name}`));
  return {
    name,
    url: url.toString(),
    withClient: (fn) => run(url.toString(), fn),
    drop: () => run(BENCH_ADMIN_URL, (c) => c.query(`drop database if exists ${name} with (force)`)).then(() => {}),
  };
}

async function run<T>(connectionString: string, fn: (c: pg.Client) => Promise<T>): Promise<T> {
  const client = new pg.Client({ connectionString });
  await client.connect();
  try {
    return await fn(client);
  } finally {
    await client.end();
  }
}
