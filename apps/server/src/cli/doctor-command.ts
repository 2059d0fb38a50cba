import { Redis } from 'ioredis';
import nodemailer from 'nodemailer';
import pg from 'pg';
import type { Config } from '../platform/config/config.ts';
import { resolveRootSecret } from '../platform/crypto/root-secret.ts';
import { checkSecretFingerprint, secretFingerprint } from '../platform/crypto/secret-fingerprint.ts';
import type { SqlRunner } from '../platform/db/database.ts';
import { appliedMigrationCount, shippedMigrations } from '../platform/db/migrate.ts';
import { createLogger } from '../platform/logger.ts';

/** One finding of `foyer doctor`: a check's name, whether it passed, and one sentence. */
export interface Finding {
  check: string;
  ok: boolean;
  /** `warn` findings do not fail the run. */
  level: 'ok' | 'warn' | 'fail';
  sentence: string;
}

const TIMEOUT_MS = 5_000;

/**
 * Checks a deployment's configuration and connectivity without starting
 * anything: database, migrations, the secret's fingerprint, other processes
 * and Redis, SMTP, the S3 bucket. Each finding is one sentence.
 */
export async function diagnose(
  config: Config,
  env: Record<string, string | undefined> = process.env,
): Promise<Finding[]> {
  const findings: Finding[] = [];
  const add = (check: string, level: Finding['level'], sentence: string) =>
    findings.push({ check, ok: level !== 'fail', level, sentence });

  if (config.database.kind === 'pglite') {
    add(
      'database',
      'ok',
      `The embedded database (PGlite) is used${config.database.dataDir ? ` in ${config.database.dataDir}` : ' in memory'}; it serves one process only, so run a single "all" process on it.`,
    );
  } else {
    await checkPostgres(config, add);
    await checkDirectUrl(config, add);
    if (!env.FOYER_SECRET && !config.secret) {
      add(
        'secret',
        'fail',
        'FOYER_SECRET is not set: every process of a PostgreSQL deployment needs the same FOYER_SECRET.',
      );
    }
    if (!env.PUBLIC_URL) {
      add(
        'public-url',
        'warn',
        `PUBLIC_URL is not set, so it defaults to ${config.publicUrl}: set the address users reach Foyer at, the same on every process (access tokens name it).`,
      );
    }
  }

  if (config.redisUrl) await checkRedis(config.redisUrl, add);
  if (config.smtpUrl) await checkSmtp(config.smtpUrl, add);
  if (env.S3_BUCKET || env.S3_ENDPOINT) await checkBucket(env, add);

  if (findings.every((f) => f.check !== 'redis' || f.ok) && !findings.some((f) => f.level === 'fail')) {
    add('summary', 'ok', 'No problem found.');
  }
  return findings;
}

type Add = (check: string, level: Finding['level'], sentence: string) => void;

async function checkPostgres(config: Config, add: Add): Promise<void> {
  if (config.database.kind !== 'postgres') return;
  const url = new URL(config.database.url);
  const where = `${url.hostname}:${url.port || 5432}${url.pathname}`;
  const client = new pg.Client({
    connectionString: config.database.url,
    connectionTimeoutMillis: TIMEOUT_MS,
    application_name: 'foyer-doctor',
  });
  try {
    await client.connect();
  } catch (err) {
    add(
      'database',
      'fail',
      `The database at ${where} cannot be reached (${describe(err)}): check DATABASE_URL and that PostgreSQL is running and accepts this host.`,
    );
    return;
  }
  try {
    const sql: SqlRunner = {
      query: async (text, values) => ({ rows: (await client.query(text, values)).rows }),
      exec: async (text) => ({ rows: (await client.query(text)).rows }),
    };
    const version = (await client.query<{ v: string }>('show server_version')).rows[0]?.v ?? '?';
    add('database', 'ok', `The database at ${where} answers (PostgreSQL ${version}).`);

    const applied = await appliedMigrationCount(sql);
    const total = shippedMigrations().length;
    if (applied < total) {
      add(
        'migrations',
        'fail',
        `${total - applied} of ${total} migrations are not applied yet: run "foyer migrate" (processes report not ready until then).`,
      );
    } else add('migrations', 'ok', `All ${total} migrations are applied.`);

    const secret = resolveRootSecret(config, createLogger({ logLevel: 'silent' }));
    const fingerprint = await checkSecretFingerprint(sql, secretFingerprint(secret), { record: false });
    if (fingerprint.state === 'differs') {
      add(
        'secret',
        'fail',
        `FOYER_SECRET is not the secret this database was set up with (fingerprint ${fingerprint.fingerprint.slice(0, 12)}…, the database expects ${fingerprint.expected.slice(0, 12)}…): processes started with it refuse to start, and data encrypted with the other cannot be read.`,
      );
    } else if (fingerprint.state === 'matches') {
      add('secret', 'ok', 'FOYER_SECRET matches the fingerprint recorded in the database.');
    } else {
      add('secret', 'warn', 'No secret fingerprint is recorded yet: the first process to start will record its own.');
    }

    const others = await client.query<{ name: string }>(
      `select distinct application_name as name from pg_stat_activity
        where datname = current_database() and application_name like 'foyer/%' order by 1`,
    );
    const processes = others.rows.map((r) => r.name);
    if (processes.length > 1 && !config.redisUrl) {
      add(
        'redis',
        'fail',
        `REDIS_URL is not set, but ${processes.length} Foyer processes use this database (${processes.join(', ')}): without Redis, pub/sub messages and rate limits stay inside each process, so set the same REDIS_URL on every one.`,
      );
    } else {
      add(
        'processes',
        'ok',
        processes.length === 0
          ? 'No Foyer process is connected to this database right now.'
          : `${processes.length} Foyer process${processes.length === 1 ? ' is' : 'es are'} connected: ${processes.join(', ')}.`,
      );
    }
  } finally {
    await client.end().catch(() => {});
  }
}

async function checkRedis(url: string, add: Add): Promise<void> {
  const redis = new Redis(url, {
    lazyConnect: true,
    connectTimeout: TIMEOUT_MS,
    maxRetriesPerRequest: 0,
    retryStrategy: () => null,
    connectionName: 'foyer-doctor',
  });
  // ioredis rejects with "Connection is closed."; the socket's own error says why.
  let socketError: unknown = null;
  redis.on('error', (err) => {
    socketError ??= err;
  });
  const where = new URL(url).host;
  try {
    await redis.connect();
    await redis.ping();
    add('redis', 'ok', `Redis at ${where} answers.`);
  } catch (err) {
    add(
      'redis',
      'fail',
      `Redis at ${where} cannot be reached (${describe(socketError ?? err)}): check REDIS_URL; without it processes cannot exchange pub/sub messages.`,
    );
  } finally {
    redis.disconnect();
  }
}

async function checkSmtp(url: string, add: Add): Promise<void> {
  const transport = nodemailer.createTransport(url);
  const where = new URL(url).host;
  try {
    await transport.verify();
    add('smtp', 'ok', `The SMTP server at ${where} accepts a connection (and the credentials, if any).`);
  } catch (err) {
    add(
      'smtp',
      'fail',
      `The SMTP server at ${where} refuses or cannot be reached (${describe(err)}): mail stays queued and is retried; check SMTP_URL.`,
    );
  } finally {
    transport.close();
  }
}

/**
 * A plain HTTP HEAD on the bucket (no signature): S3-protocol servers answer
 * 404 for a bucket that does not exist, and 200 or 403 for one that does.
 */
async function checkBucket(env: Record<string, string | undefined>, add: Add): Promise<void> {
  const bucket = env.S3_BUCKET;
  if (!bucket) {
    add('s3', 'fail', 'S3_ENDPOINT is set but S3_BUCKET is not: name the bucket Foyer keeps its files in.');
    return;
  }
  const endpoint = new URL(env.S3_ENDPOINT ?? `https://s3.${env.S3_REGION ?? 'us-east-1'}.amazonaws.com`);
  const pathStyle = ['1', 'true', 'yes'].includes((env.S3_FORCE_PATH_STYLE ?? '').toLowerCase()) || !!env.S3_ENDPOINT;
  const target = pathStyle
    ? new URL(`${endpoint.origin}${endpoint.pathname.replace(/\/$/, '')}/${encodeURIComponent(bucket)}`)
    : new URL(`${endpoint.protocol}//${bucket}.${endpoint.host}/`);
  try {
    const res = await fetch(target, { method: 'HEAD', signal: AbortSignal.timeout(TIMEOUT_MS) });
    if (res.status === 404) {
      add('s3', 'fail', `The bucket "${bucket}" does not exist at ${endpoint.origin}: create it, or fix S3_BUCKET.`);
    } else if (res.status >= 500) {
      add(
        's3',
        'fail',
        `The S3 endpoint ${endpoint.origin} answers ${res.status} for the bucket "${bucket}": it is not healthy.`,
      );
    } else {
      add('s3', 'ok', `The bucket "${bucket}" exists at ${endpoint.origin} (HEAD answered ${res.status}).`);
    }
  } catch (err) {
    add('s3', 'fail', `The S3 endpoint ${endpoint.origin} cannot be reached (${describe(err)}): check S3_ENDPOINT.`);
  }
}

/**
 * DATABASE_DIRECT_URL (behind a transaction pooler): reachable, and the same database as
 * DATABASE_URL — LISTEN and the migration lock on another database would silently do nothing.
 */
async function checkDirectUrl(config: Config, add: Add): Promise<void> {
  if (config.database.kind !== 'postgres' || !config.database.directUrl) return;
  const url = new URL(config.database.directUrl);
  const where = `${url.hostname}:${url.port || 5432}${url.pathname}`;
  const nameAt = async (connectionString: string) => {
    const client = new pg.Client({
      connectionString,
      connectionTimeoutMillis: TIMEOUT_MS,
      application_name: 'foyer-doctor',
    });
    client.on('error', () => {});
    await client.connect();
    try {
      return (await client.query<{ db: string }>('select current_database() as db')).rows[0]!.db;
    } finally {
      await client.end().catch(() => {});
    }
  };
  let direct: string;
  try {
    direct = await nameAt(config.database.directUrl);
  } catch (err) {
    add(
      'database-direct',
      'fail',
      `The direct database connection at ${where} cannot be reached (${describe(err)}): check DATABASE_DIRECT_URL, which must name PostgreSQL itself, not the pooler.`,
    );
    return;
  }
  const pooled = await nameAt(config.database.url).catch(() => null);
  if (pooled !== null && pooled !== direct) {
    add(
      'database-direct',
      'fail',
      `DATABASE_DIRECT_URL names the database "${direct}" but DATABASE_URL reaches "${pooled}": both must name the same database.`,
    );
    return;
  }
  add('database-direct', 'ok', `The direct database connection at ${where} answers (for LISTEN and migration locks).`);
}

function describe(err: unknown): string {
  const e = err as { code?: string; message?: string; cause?: { code?: string; message?: string } };
  return e.code ?? e.cause?.code ?? e.message ?? String(err);
}

/** `foyer doctor`: prints each finding, exits 1 when one failed. */
export async function runDoctorCommand(config: Config): Promise<number> {
  const findings = await diagnose(config);
  for (const f of findings)
    console.log(`${f.level === 'ok' ? 'ok  ' : f.level === 'warn' ? 'warn' : 'FAIL'}  ${f.sentence}`);
  return findings.some((f) => f.level === 'fail') ? 1 : 0;
}
