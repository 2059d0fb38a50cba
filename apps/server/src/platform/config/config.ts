import net from 'node:net';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { z } from 'zod';
import { DEFAULT_GATEWAY_SETTINGS, type GatewaySettings } from '../realtime/gateway-settings.ts';

const here = path.dirname(fileURLToPath(import.meta.url));
/** Root of the monorepo checkout; relative defaults resolve against the working directory instead. */
export const REPO_ROOT = path.resolve(here, '../../../../..');

const port = z.coerce
  .number({ error: 'must be a number' })
  .int('must be a whole number')
  .min(0, 'must be between 0 and 65535')
  .max(65535, 'must be between 0 and 65535');

const bool = z
  .enum(['true', 'false', '1', '0', 'yes', 'no'], { error: 'must be true or false' })
  .transform((v) => v === 'true' || v === '1' || v === 'yes');

const positiveInt = z.coerce
  .number({ error: 'must be a number' })
  .int('must be a whole number')
  .positive('must be > 0');

const milliseconds = (min: number, max: number) =>
  z.coerce
    .number({ error: 'must be a number of milliseconds' })
    .int('must be a whole number')
    .min(min, `must be at least ${min}`)
    .max(max, `must be at most ${max}`);

// proxy-addr's names for address ranges.
const NAMED_RANGES = new Set(['loopback', 'linklocal', 'uniquelocal']);

function isAddressOrCidr(entry: string): boolean {
  if (NAMED_RANGES.has(entry)) return true;
  const [address = '', prefix, ...rest] = entry.split('/');
  const family = net.isIP(address);
  if (!family || rest.length > 0) return false;
  if (prefix === undefined) return true;
  return /^\d{1,3}$/.test(prefix) && Number(prefix) <= (family === 4 ? 32 : 128);
}

/**
 * `false` (trust no proxy), a hop count (`true` = 1: the peer is the one
 * proxy, the client is the address it appended), or a list of trusted proxy
 * addresses and CIDRs. Never "trust everything": the client address is
 * taken from the right of `X-Forwarded-For`, skipping trusted hops only.
 */
const trustProxy = z.string().transform((raw, ctx): false | number | string[] => {
  const v = raw.trim().toLowerCase();
  if (['false', '0', 'no'].includes(v)) return false;
  if (['true', 'yes'].includes(v)) return 1;
  if (/^\d+$/.test(v)) {
    const hops = Number(v);
    if (hops <= 32) return hops;
  }
  const entries = raw
    .split(',')
    .map((e) => e.trim())
    .filter(Boolean);
  const bad = entries.filter((e) => !isAddressOrCidr(e));
  if (entries.length === 0 || bad.length > 0) {
    ctx.addIssue({
      code: 'custom',
      message: `must be false, a hop count (1–32, true = 1) or a comma-separated list of proxy addresses/CIDRs${bad.length ? ` (not an address: ${bad.join(', ')})` : ''}`,
    });
    return z.NEVER;
  }
  return entries;
});

const databaseUrl = z
  .string()
  .refine((v) => v === 'memory://' || /^postgres(ql)?:\/\/.+/.test(v) || v.startsWith('pglite://'), {
    message: 'must be postgres://…, postgresql://…, pglite://<dir> or memory://',
  });

/**
 * Every environment variable Foyer reads, with its default. The README's
 * configuration reference is written from this schema; keep them in step.
 */
export const EnvSchema = z.object({
  NODE_ENV: z.enum(['development', 'production', 'test']).default('production'),
  HOST: z.string().min(1).default('0.0.0.0'),
  PORT: port.default(3000),
  PUBLIC_URL: z.url({ error: 'must be an absolute URL such as https://events.example.org' }).optional(),
  FOYER_DATA_DIR: z.string().min(1).default('./data'),
  DATABASE_URL: databaseUrl.optional(),
  /**
   * PostgreSQL behind a transaction-pooling PgBouncer: a direct (session) URL of the same database,
   * for what needs one server connection for longer than a transaction: LISTEN, and the session
   * advisory locks of migrations and job-queue setup. Defaults to DATABASE_URL.
   */
  DATABASE_DIRECT_URL: z
    .string()
    .regex(/^postgres(ql)?:\/\/.+/, { message: 'must be postgres://… or postgresql://…' })
    .optional(),
  DATABASE_POOL_SIZE: positiveInt.default(10),
  DATABASE_CONNECT_TIMEOUT_MS: milliseconds(100, 600_000).default(5_000),
  DATABASE_STATEMENT_TIMEOUT_MS: milliseconds(100, 3_600_000).default(30_000),
  DATABASE_IDLE_TRANSACTION_TIMEOUT_MS: milliseconds(100, 3_600_000).default(60_000),
  MIGRATE_ON_START: bool.default(true),
  REDIS_URL: z
    .string()
    .regex(/^rediss?:\/\/.+/, 'must be redis://… or rediss://…')
    .optional(),
  REDIS_KEY_PREFIX: z
    .string()
    .regex(/^[A-Za-z0-9:_.-]{1,64}$/, 'letters, digits and : _ . - only')
    .default('foyer:'),
  SMTP_URL: z
    .string()
    .regex(/^smtps?:\/\/.+/, 'must be smtp://… or smtps://…')
    .optional(),
  MAIL_FROM: z.string().min(3).default('Foyer <no-reply@localhost>'),
  /** Delivery retries of a message after its first attempt; then it is `failed` for good. */
  MAIL_RETRY_LIMIT: z.coerce.number().int().min(0).max(20).default(8),
  /** Seconds before the first retry, doubled each time. */
  MAIL_RETRY_DELAY_SECONDS: positiveInt.default(2),
  MAIL_JOB_EXPIRY_SECONDS: positiveInt.default(30),
  LOG_LEVEL: z.enum(['fatal', 'error', 'warn', 'info', 'debug', 'trace', 'silent']).default('info'),
  METRICS_PORT: port.optional(),
  CORS_ORIGINS: z.string().default(''),
  BODY_LIMIT_BYTES: positiveInt.default(1_048_576),
  TRUST_PROXY: trustProxy.default(false),
  REQUEST_TIMEOUT_MS: milliseconds(1_000, 3_600_000).default(30_000),
  SHUTDOWN_TIMEOUT_MS: positiveInt.default(10_000),
  OUTBOX_POLL_INTERVAL_MS: positiveInt.default(250),
  FOYER_SECRET: z.string().min(32, 'must be at least 32 characters (e.g. `openssl rand -base64 48`)').optional(),
  JWT_SIGNING_KEY: z
    .string()
    .refine((v) => {
      try {
        const k = JSON.parse(v) as { kty?: string; d?: string };
        return (k.kty === 'OKP' || k.kty === 'EC') && typeof k.d === 'string';
      } catch {
        return false;
      }
    }, 'must be a private JWK (JSON) of an Ed25519 (OKP) or P-256 (EC) key')
    .optional(),
  /** Largest frame a realtime client may send. */
  REALTIME_MAX_MESSAGE_BYTES: z.coerce.number().int().min(1024).max(1_048_576).default(16_384),
  /** Bytes queued for one socket before it is dropped as a slow consumer (close 4008). */
  REALTIME_SEND_BUFFER_BYTES: z.coerce.number().int().min(16_384).max(67_108_864).default(262_144),
  /** Interval of the server's pings; a socket that did not answer the previous one is closed. */
  REALTIME_HEARTBEAT_MS: z.coerce.number().int().min(1000).max(600_000).default(30_000),
  /** Commands per 10 s of one user, guest or API key. */
  REALTIME_COMMAND_LIMIT: positiveInt.default(40),
  /** Commands per 10 s from one IP address. */
  REALTIME_IP_COMMAND_LIMIT: positiveInt.default(400),
  ACCESS_TOKEN_TTL_SECONDS: z.coerce.number().int().min(60).max(900, 'must be at most 900 (15 minutes)').default(900),
  SESSION_ABSOLUTE_LIFETIME_DAYS: z.coerce.number().int().min(1).max(3650).default(90),
  /** Registrations without an account per client address and 10 minutes (shared networks need room in a rush). */
  REGISTRATION_GUEST_LIMIT_PER_IP: positiveInt.default(60),
  PENDING_REGISTRATION_MAX_AGE_DAYS: z.coerce.number().int().min(0).max(3650).default(30),
  IDEMPOTENCY_KEY_RETENTION_DAYS: z.coerce.number().int().min(1).max(3650).default(7),
  EXPIRED_INVITATION_RETENTION_DAYS: z.coerce.number().int().min(1).max(3650).default(30),
  FOYER_WEB_DIST: z.string().optional(),
  FOYER_DEMO: bool.default(true),
  FOYER_COMMIT: z.string().optional(),
  S3_ENDPOINT: z.url({ error: 'must be an absolute URL such as https://s3.eu-west-1.amazonaws.com' }).optional(),
  S3_REGION: z.string().min(1).default('us-east-1'),
  S3_BUCKET: z
    .string()
    .regex(/^[a-z0-9][a-z0-9.-]{1,61}[a-z0-9]$/, 'must be a bucket name (3–63 lowercase letters, digits, . and -)')
    .optional(),
  S3_ACCESS_KEY_ID: z.string().min(1).optional(),
  S3_SECRET_ACCESS_KEY: z.string().min(1).optional(),
  S3_FORCE_PATH_STYLE: bool.default(false),
  MEDIA_UPLOAD_LIMIT_BYTES: positiveInt.default(25 * 1024 * 1024),
  MEDIA_RESUMABLE_LIMIT_BYTES: positiveInt.default(5 * 1024 * 1024 * 1024),
  MEDIA_QUOTA_BYTES: positiveInt.default(10 * 1024 * 1024 * 1024),
  MEDIA_RESIZE_CONCURRENCY: positiveInt.default(2),
  MEDIA_RESIZE_QUEUE: z.coerce.number().int().min(0).max(10_000).default(64),
  MEDIA_UPLOAD_CONCURRENCY: positiveInt.default(16),
});

export type Env = z.infer<typeof EnvSchema>;

export interface DatabaseTimeouts {
  connectMs: number;
  statementMs: number;
  idleInTransactionMs: number;
}

export type DatabaseTarget =
  | {
      kind: 'postgres';
      url: string /** Session work (LISTEN, advisory locks) past a transaction pooler; null: `url`. */;
      directUrl: string | null;
    }
  | { kind: 'pglite'; dataDir: string }
  | { kind: 'pglite'; dataDir: null };

/** Validated, resolved configuration handed to `buildApp` and the CLI. */
export interface Config {
  env: Env['NODE_ENV'];
  host: string;
  port: number;
  publicUrl: string;
  dataDir: string;
  database: DatabaseTarget;
  databasePoolSize: number;
  /** PostgreSQL: how long to wait for a connection, a statement, and a transaction left idle. */
  databaseTimeouts: DatabaseTimeouts;
  migrateOnStart: boolean;
  redisUrl: string | null;
  /** Prefix of every Redis key and channel, so several instances (or test runs) can share one Redis. */
  redisKeyPrefix: string;
  smtpUrl: string | null;
  mailFrom: string;
  mailRetry: { limit: number; delaySeconds: number; expirySeconds: number };
  logLevel: Env['LOG_LEVEL'];
  metricsPort: number | null;
  corsOrigins: string[] | '*';
  bodyLimitBytes: number;
  /** `false`, a hop count, or trusted proxy addresses/CIDRs (Fastify's `trustProxy`). */
  trustProxy: false | number | string[];
  /** Longest a request may take to arrive (headers and body); slower connections are closed. */
  requestTimeoutMs: number;
  shutdownTimeoutMs: number;
  outboxPollIntervalMs: number;
  webDist: string;
  commit: string | null;
  /** A private JWK that signs access tokens, instead of generated keys. */
  jwtSigningKey: Record<string, unknown> | null;
  accessTokenTtlSeconds: number;
  /** A sign-in session ends this many days after it began, however often it is refreshed. */
  sessionAbsoluteLifetimeDays: number;
  /** Pending registrations older than this are cancelled by the clean-up job; 0 keeps them. */
  /** Guest registrations per client address and 10 minutes. */
  registrationGuestLimitPerIp: number;
  pendingRegistrationMaxAgeDays: number;
  /** Registration idempotency keys older than this are deleted by the clean-up job. */
  idempotencyKeyRetentionDays: number;
  /** Organization invitations that expired unaccepted longer ago than this are deleted by the clean-up job. */
  expiredInvitationRetentionDays: number;
  /** Seed the demo data set when a server starts on an empty embedded (PGlite) database. */
  demoOnFirstStart: boolean;
  /** Where files are kept: `$FOYER_DATA_DIR/files`, or an S3 bucket when `S3_BUCKET` is set. */
  storage: StorageTarget;
  media: MediaSettings;
  /** Limits of the realtime gateway. */
  realtime: GatewaySettings;
  /** Root secret; when null, one is generated and kept in the data directory (or in memory for `memory://`). */
  secret: string | null;
}

export type StorageTarget =
  | { kind: 'local'; dir: string }
  | {
      kind: 's3';
      endpoint: string | null;
      region: string;
      bucket: string;
      accessKeyId: string | null;
      secretAccessKey: string | null;
      forcePathStyle: boolean;
    };

/** Limits of uploads and image work. */
export interface MediaSettings {
  /** Largest file of one multipart upload. */
  uploadLimitBytes: number;
  /** Largest file of one resumable (tus) upload. */
  resumableLimitBytes: number;
  /** Bytes of media one organization may keep. */
  quotaBytes: number;
  /** Image resizes running at once. */
  resizeConcurrency: number;
  /** Resizes waiting for a slot before further ones are answered 503. */
  resizeQueue: number;
  /** Multipart uploads streamed at once per process; later ones wait, their bodies unread (kernel-buffered, not in memory). */
  uploadConcurrency: number;
}

/** A configuration error that names each offending variable and why. */
export class ConfigError extends Error {
  constructor(readonly problems: { variable: string; message: string }[]) {
    super(`Invalid configuration:\n${problems.map((p) => `  ${p.variable}: ${p.message}`).join('\n')}`);
    this.name = 'ConfigError';
  }
}

/** Reads and validates configuration from an environment (default `process.env`). */
export function loadConfig(source: Record<string, string | undefined> = process.env): Config {
  // Empty strings are how shells and compose files say "unset".
  const cleaned = Object.fromEntries(Object.entries(source).filter(([, v]) => v !== undefined && v !== ''));
  const parsed = EnvSchema.safeParse(cleaned);
  if (!parsed.success) {
    throw new ConfigError(
      parsed.error.issues.map((issue) => ({
        variable: String(issue.path[0] ?? '(environment)'),
        message: `${issue.message} (got ${JSON.stringify(cleaned[String(issue.path[0])] ?? null)})`,
      })),
    );
  }
  const env = parsed.data;
  const dataDir = path.resolve(env.FOYER_DATA_DIR);
  const s3Problems = checkS3(env);
  if (s3Problems.length > 0) throw new ConfigError(s3Problems);
  return {
    env: env.NODE_ENV,
    host: env.HOST,
    port: env.PORT,
    publicUrl: (env.PUBLIC_URL ?? `http://localhost:${env.PORT}`).replace(/\/$/, ''),
    dataDir,
    database: resolveDatabase(env.DATABASE_URL, dataDir, env.DATABASE_DIRECT_URL),
    databasePoolSize: env.DATABASE_POOL_SIZE,
    databaseTimeouts: {
      connectMs: env.DATABASE_CONNECT_TIMEOUT_MS,
      statementMs: env.DATABASE_STATEMENT_TIMEOUT_MS,
      idleInTransactionMs: env.DATABASE_IDLE_TRANSACTION_TIMEOUT_MS,
    },
    migrateOnStart: env.MIGRATE_ON_START,
    redisUrl: env.REDIS_URL ?? null,
    redisKeyPrefix: env.REDIS_KEY_PREFIX,
    smtpUrl: env.SMTP_URL ?? null,
    mailFrom: env.MAIL_FROM,
    mailRetry: {
      limit: env.MAIL_RETRY_LIMIT,
      delaySeconds: env.MAIL_RETRY_DELAY_SECONDS,
      expirySeconds: env.MAIL_JOB_EXPIRY_SECONDS,
    },
    logLevel: env.LOG_LEVEL,
    metricsPort: env.METRICS_PORT ?? null,
    corsOrigins: parseOrigins(env.CORS_ORIGINS),
    bodyLimitBytes: env.BODY_LIMIT_BYTES,
    trustProxy: env.TRUST_PROXY,
    requestTimeoutMs: env.REQUEST_TIMEOUT_MS,
    shutdownTimeoutMs: env.SHUTDOWN_TIMEOUT_MS,
    outboxPollIntervalMs: env.OUTBOX_POLL_INTERVAL_MS,
    webDist: path.resolve(env.FOYER_WEB_DIST ?? path.join(REPO_ROOT, 'apps/web/dist')),
    commit: env.FOYER_COMMIT ?? null,
    secret: env.FOYER_SECRET ?? null,
    storage: env.S3_BUCKET
      ? {
          kind: 's3',
          endpoint: env.S3_ENDPOINT ?? null,
          region: env.S3_REGION,
          bucket: env.S3_BUCKET,
          accessKeyId: env.S3_ACCESS_KEY_ID ?? null,
          secretAccessKey: env.S3_SECRET_ACCESS_KEY ?? null,
          forcePathStyle: env.S3_FORCE_PATH_STYLE,
        }
      : { kind: 'local', dir: path.join(dataDir, 'files') },
    media: {
      uploadLimitBytes: env.MEDIA_UPLOAD_LIMIT_BYTES,
      resumableLimitBytes: env.MEDIA_RESUMABLE_LIMIT_BYTES,
      quotaBytes: env.MEDIA_QUOTA_BYTES,
      resizeConcurrency: env.MEDIA_RESIZE_CONCURRENCY,
      resizeQueue: env.MEDIA_RESIZE_QUEUE,
      uploadConcurrency: env.MEDIA_UPLOAD_CONCURRENCY,
    },
    demoOnFirstStart: env.FOYER_DEMO,
    jwtSigningKey: env.JWT_SIGNING_KEY ? (JSON.parse(env.JWT_SIGNING_KEY) as Record<string, unknown>) : null,
    accessTokenTtlSeconds: env.ACCESS_TOKEN_TTL_SECONDS,
    sessionAbsoluteLifetimeDays: env.SESSION_ABSOLUTE_LIFETIME_DAYS,
    registrationGuestLimitPerIp: env.REGISTRATION_GUEST_LIMIT_PER_IP,
    pendingRegistrationMaxAgeDays: env.PENDING_REGISTRATION_MAX_AGE_DAYS,
    idempotencyKeyRetentionDays: env.IDEMPOTENCY_KEY_RETENTION_DAYS,
    expiredInvitationRetentionDays: env.EXPIRED_INVITATION_RETENTION_DAYS,
    realtime: {
      ...DEFAULT_GATEWAY_SETTINGS,
      maxMessageBytes: env.REALTIME_MAX_MESSAGE_BYTES,
      sendBufferBytes: env.REALTIME_SEND_BUFFER_BYTES,
      heartbeatMs: env.REALTIME_HEARTBEAT_MS,
      commandLimit: env.REALTIME_COMMAND_LIMIT,
      ipCommandLimit: env.REALTIME_IP_COMMAND_LIMIT,
    },
  };
}

/** The S3 settings only make sense together: a bucket, and both halves of a key or neither. */
function checkS3(env: Env): { variable: string; message: string }[] {
  const problems: { variable: string; message: string }[] = [];
  const anyS3 = env.S3_ENDPOINT || env.S3_ACCESS_KEY_ID || env.S3_SECRET_ACCESS_KEY;
  if (anyS3 && !env.S3_BUCKET) {
    problems.push({ variable: 'S3_BUCKET', message: 'must be set when other S3_* settings are (got null)' });
  }
  if (Boolean(env.S3_ACCESS_KEY_ID) !== Boolean(env.S3_SECRET_ACCESS_KEY)) {
    const missing = env.S3_ACCESS_KEY_ID ? 'S3_SECRET_ACCESS_KEY' : 'S3_ACCESS_KEY_ID';
    problems.push({
      variable: missing,
      message: 'S3_ACCESS_KEY_ID and S3_SECRET_ACCESS_KEY go together (got null)',
    });
  }
  return problems;
}

function resolveDatabase(url: string | undefined, dataDir: string, directUrl?: string): DatabaseTarget {
  if (!url) return { kind: 'pglite', dataDir: path.join(dataDir, 'pglite') };
  if (url === 'memory://') return { kind: 'pglite', dataDir: null };
  if (url.startsWith('pglite://')) return { kind: 'pglite', dataDir: path.resolve(url.slice('pglite://'.length)) };
  return { kind: 'postgres', url, directUrl: directUrl && directUrl !== url ? directUrl : null };
}

function parseOrigins(raw: string): string[] | '*' {
  if (raw.trim() === '*') return '*';
  return raw
    .split(',')
    .map((s) => s.trim())
    .filter(Boolean);
}

/** Configuration for tests: in-memory database, quiet logs, everything else default. */
export function testConfig(overrides: Record<string, string | undefined> = {}): Config {
  return loadConfig({
    NODE_ENV: 'test',
    LOG_LEVEL: 'silent',
    DATABASE_URL: 'memory://',
    OUTBOX_POLL_INTERVAL_MS: '50',
    // Tests fire hundreds of parallel requests at a small pool on a 2-core CI
    // machine; waiting for a connection there is load, not an outage (the
    // fault tests set their own short timeout to see the 503).
    DATABASE_CONNECT_TIMEOUT_MS: '60000',
    // Whole suites register hundreds of guests from one test address; the limit has a test of its own.
    REGISTRATION_GUEST_LIMIT_PER_IP: '1000000',
    FOYER_SECRET: 'test-secret-not-for-production-0123456789abcdef',
    // Each test app its own Redis namespace: counters and channels must not leak between tests or runs.
    REDIS_KEY_PREFIX: `foyer-test-${process.pid}-${Math.random().toString(36).slice(2, 10)}:`,
    // Files of each test app in a directory of its own (created on first write only).
    FOYER_DATA_DIR: path.join(os.tmpdir(), `foyer-test-${process.pid}-${Math.random().toString(36).slice(2, 10)}`),
    ...overrides,
  });
}
