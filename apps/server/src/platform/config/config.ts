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
  DATABASE_POOL_SIZE: positiveInt.default(10),
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
  LOG_LEVEL: z.enum(['fatal', 'error', 'warn', 'info', 'debug', 'trace', 'silent']).default('info'),
  METRICS_PORT: port.optional(),
  CORS_ORIGINS: z.string().default(''),
  BODY_LIMIT_BYTES: positiveInt.default(1_048_576),
  TRUST_PROXY: bool.default(false),
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
  PENDING_REGISTRATION_MAX_AGE_DAYS: z.coerce.number().int().min(0).max(3650).default(30),
  IDEMPOTENCY_KEY_RETENTION_DAYS: z.coerce.number().int().min(1).max(3650).default(7),
  EXPIRED_INVITATION_RETENTION_DAYS: z.coerce.number().int().min(1).max(3650).default(30),
  FOYER_WEB_DIST: z.string().optional(),
  FOYER_DEMO: bool.default(true),
  FOYER_COMMIT: z.string().optional(),
});

export type Env = z.infer<typeof EnvSchema>;

export type DatabaseTarget =
  | { kind: 'postgres'; url: string }
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
  migrateOnStart: boolean;
  redisUrl: string | null;
  /** Prefix of every Redis key and channel, so several instances (or test runs) can share one Redis. */
  redisKeyPrefix: string;
  smtpUrl: string | null;
  mailFrom: string;
  mailRetry: { limit: number; delaySeconds: number };
  logLevel: Env['LOG_LEVEL'];
  metricsPort: number | null;
  corsOrigins: string[] | '*';
  bodyLimitBytes: number;
  trustProxy: boolean;
  shutdownTimeoutMs: number;
  outboxPollIntervalMs: number;
  webDist: string;
  commit: string | null;
  /** A private JWK that signs access tokens, instead of generated keys. */
  jwtSigningKey: Record<string, unknown> | null;
  accessTokenTtlSeconds: number;
  /** Pending registrations older than this are cancelled by the clean-up job; 0 keeps them. */
  pendingRegistrationMaxAgeDays: number;
  /** Registration idempotency keys older than this are deleted by the clean-up job. */
  idempotencyKeyRetentionDays: number;
  /** Organization invitations that expired unaccepted longer ago than this are deleted by the clean-up job. */
  expiredInvitationRetentionDays: number;
  /** Seed the demo data set when a server starts on an empty embedded (PGlite) database. */
  demoOnFirstStart: boolean;
  /** Limits of the realtime gateway. */
  realtime: GatewaySettings;
  /** Root secret; when null, one is generated and kept in the data directory (or in memory for `memory://`). */
  secret: string | null;
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
  return {
    env: env.NODE_ENV,
    host: env.HOST,
    port: env.PORT,
    publicUrl: (env.PUBLIC_URL ?? `http://localhost:${env.PORT}`).replace(/\/$/, ''),
    dataDir,
    database: resolveDatabase(env.DATABASE_URL, dataDir),
    databasePoolSize: env.DATABASE_POOL_SIZE,
    migrateOnStart: env.MIGRATE_ON_START,
    redisUrl: env.REDIS_URL ?? null,
    redisKeyPrefix: env.REDIS_KEY_PREFIX,
    smtpUrl: env.SMTP_URL ?? null,
    mailFrom: env.MAIL_FROM,
    mailRetry: { limit: env.MAIL_RETRY_LIMIT, delaySeconds: env.MAIL_RETRY_DELAY_SECONDS },
    logLevel: env.LOG_LEVEL,
    metricsPort: env.METRICS_PORT ?? null,
    corsOrigins: parseOrigins(env.CORS_ORIGINS),
    bodyLimitBytes: env.BODY_LIMIT_BYTES,
    trustProxy: env.TRUST_PROXY,
    shutdownTimeoutMs: env.SHUTDOWN_TIMEOUT_MS,
    outboxPollIntervalMs: env.OUTBOX_POLL_INTERVAL_MS,
    webDist: path.resolve(env.FOYER_WEB_DIST ?? path.join(REPO_ROOT, 'apps/web/dist')),
    commit: env.FOYER_COMMIT ?? null,
    secret: env.FOYER_SECRET ?? null,
    demoOnFirstStart: env.FOYER_DEMO,
    jwtSigningKey: env.JWT_SIGNING_KEY ? (JSON.parse(env.JWT_SIGNING_KEY) as Record<string, unknown>) : null,
    accessTokenTtlSeconds: env.ACCESS_TOKEN_TTL_SECONDS,
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

function resolveDatabase(url: string | undefined, dataDir: string): DatabaseTarget {
  if (!url) return { kind: 'pglite', dataDir: path.join(dataDir, 'pglite') };
  if (url === 'memory://') return { kind: 'pglite', dataDir: null };
  if (url.startsWith('pglite://')) return { kind: 'pglite', dataDir: path.resolve(url.slice('pglite://'.length)) };
  return { kind: 'postgres', url };
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
    FOYER_SECRET: 'test-secret-not-for-production-0123456789abcdef',
    // Each test app its own Redis namespace: counters and channels must not leak between tests or runs.
    REDIS_KEY_PREFIX: `foyer-test-${process.pid}-${Math.random().toString(36).slice(2, 10)}:`,
    ...overrides,
  });
}
