import { randomBytes } from 'node:crypto';
import os from 'node:os';
import { Redis } from 'ioredis';
import type { Logger } from 'pino';
import { AccessControl } from './auth/access-control.ts';
import { MemoryCounterStore, RateLimiter, RedisCounterStore } from './auth/rate-limiter.ts';
import type { Config } from './config/config.ts';
import { FieldCipher } from './crypto/field-cipher.ts';
import { resolveRootSecret } from './crypto/root-secret.ts';
import { checkSecretFingerprint, SecretMismatchError, secretFingerprint } from './crypto/secret-fingerprint.ts';
import { deriveSecretKeys, type SecretKeys } from './crypto/secret-keys.ts';
import { type Database, openDatabase } from './db/database.ts';
import { appliedMigrationCount, runMigrations, shippedMigrations } from './db/migrate.ts';
import { OutboxDispatcher } from './events/dispatcher.ts';
import { EventBus } from './events/event-bus.ts';
import { registerOutboxRetention } from './events/outbox-retention.ts';
import { JobQueue } from './jobs/job-queue.ts';
import { createLogger } from './logger.ts';
import { MailService } from './mail/mail-service.ts';
import { createMailTransport } from './mail/mail-transport.ts';
import { type AnyFoyerModule, ModuleSet } from './module.ts';
import { Metrics } from './observability/metrics.ts';
import { countingPubSub } from './pubsub/counting-pubsub.ts';
import { createPubSub } from './pubsub/create-pubsub.ts';
import type { PubSub } from './pubsub/pubsub.ts';
import { createFileStorage } from './storage/create-storage.ts';
import type { FileStorage } from './storage/file-storage.ts';
import { UrlSigner } from './storage/url-signer.ts';

/**
 * `foyer/<role>/<host>/<pid>.<instance>`: how a platform's pool connections are
 * named in pg_stat_activity (the instance tells two platforms of one process apart, as in tests).
 */
export function processApplicationName(role: Role): string {
  const instance = randomBytes(2).toString('hex');
  return `foyer/${role}/${os.hostname().slice(0, 30)}/${process.pid}.${instance}`.slice(0, 63);
}

import { defineCoreChannels } from './realtime/core-channels.ts';
import { RealtimeGateway } from './realtime/gateway.ts';
import { MemoryBackplane } from './realtime/memory-backplane.ts';
import { RealtimeMetrics } from './realtime/realtime-metrics.ts';
import { RedisBackplane } from './realtime/redis-backplane.ts';

/** `api` answers HTTP; `worker` runs jobs, schedules and the outbox dispatcher; `all` does both. */
export type Role = 'api' | 'worker' | 'all';

export interface ReadinessCheck {
  name: string;
  ok: boolean;
  detail?: string;
}

export interface PlatformOptions {
  role?: Role;
  logger?: Logger;
  /**
   * The domain modules of this process: their services are built when the
   * platform starts, in dependency order, then each module's `configure`
   * runs. The CLI and tests that need no modules leave it out.
   */
  modules?: readonly AnyFoyerModule[];
  /** Registers queues, event subscribers and handlers before anything starts (after the modules'). */
  configure?: (platform: Platform) => void;
}

/**
 * The infrastructure one Foyer process runs on: database, jobs, domain
 * events, pub/sub and mail, started and stopped in the right order.
 */
export class Platform {
  readonly bus = new EventBus();
  /** The one gate of every API route; modules plug in how credentials become actors. */
  readonly access = new AccessControl();
  rateLimiter!: RateLimiter;
  private redis: Redis | null = null;
  readonly metrics = new Metrics();
  readonly logger: Logger;
  readonly role: Role;
  database!: Database;
  /** Keys derived from the root secret. */
  keys!: SecretKeys;
  /** Encrypts personal data at rest and computes blind indexes. */
  cipher!: FieldCipher;
  jobs!: JobQueue;
  dispatcher!: OutboxDispatcher;
  pubsub!: PubSub;
  mail!: MailService;
  /** The domain modules of this process and the services they built. */
  modules!: ModuleSet;
  /** Files: local disk or an S3 bucket. */
  storage!: FileStorage;
  /** Signs expiring URLs of private files. */
  urlSigner!: UrlSigner;
  migrations: { applied: number; total: number } | null = null;
  /** The WebSocket gateway: modules declare channel kinds and commands on it, and publish through it. */
  readonly realtime: RealtimeGateway;
  private state: 'new' | 'starting' | 'running' | 'stopping' | 'stopped' = 'new';

  constructor(
    readonly config: Config,
    private readonly options: PlatformOptions = {},
  ) {
    this.role = options.role ?? 'all';
    this.logger = options.logger ?? createLogger(config);
    this.realtime = new RealtimeGateway(this.access, new RealtimeMetrics(this.metrics.registry), this.logger);
    defineCoreChannels(this.realtime);
  }

  get runsWorkers(): boolean {
    return this.role === 'worker' || this.role === 'all';
  }

  get isShuttingDown(): boolean {
    return this.state === 'stopping' || this.state === 'stopped';
  }

  async start(): Promise<void> {
    if (this.state !== 'new') throw new Error(`Platform cannot start from state ${this.state}`);
    this.state = 'starting';
    const { config, logger } = this;
    const secret = resolveRootSecret(config, logger);
    this.keys = deriveSecretKeys(secret);
    this.cipher = new FieldCipher(this.keys.encryption, this.keys.blindIndex);
    this.database = await openDatabase(config.database, {
      poolSize: config.databasePoolSize,
      timeouts: config.databaseTimeouts,
      // Names the process in pg_stat_activity, so `foyer doctor` (and an operator) can see who is connected.
      applicationName: processApplicationName(this.role),
    });
    this.urlSigner = new UrlSigner(this.keys.urlSigning);
    this.storage = createFileStorage(config.storage, this.urlSigner, config.publicUrl);
    if (config.migrateOnStart) {
      this.migrations = await runMigrations(this.database);
      logger.info(this.migrations, 'database migrations checked');
    }
    // Before anything can work a job: a process with another secret would fail
    // every job it takes and use up the retries of other processes' work.
    await this.checkSecret(secret);
    this.pubsub = countingPubSub(createPubSub(config.redisUrl, logger, config.redisKeyPrefix), this.metrics);
    if (config.redisUrl) {
      this.redis = new Redis(config.redisUrl, { maxRetriesPerRequest: 3, connectionName: 'foyer-counters' });
      this.redis.on('error', (err) => logger.warn({ err }, 'redis error'));
    }
    this.rateLimiter = new RateLimiter(
      this.redis ? new RedisCounterStore(this.redis, config.redisKeyPrefix) : new MemoryCounterStore(),
    );
    // Every role publishes (a worker reacting to a domain event); only api processes hold sockets.
    this.realtime.start(
      config.redisUrl ? new RedisBackplane(config.redisUrl, config.redisKeyPrefix, logger) : new MemoryBackplane(),
      config.realtime,
    );
    this.realtime.useRateLimiter(this.rateLimiter);
    this.mail = new MailService(
      this.database.db,
      this.cipher,
      createMailTransport(config.smtpUrl, logger),
      config.mailFrom,
      logger,
      config.mailRetry,
      this.metrics,
    );
    this.jobs = new JobQueue(this.database, { logger, metrics: this.metrics, runSchedules: this.runsWorkers });
    this.dispatcher = new OutboxDispatcher(this.database, this.bus, this.jobs, {
      logger,
      metrics: this.metrics,
      pollIntervalMs: config.outboxPollIntervalMs,
    });
    this.metrics.setOutboxBacklogSource(() => this.dispatcher.backlog());
    this.metrics.setRole(this.role);
    this.metrics.setPoolSource(() => this.database.poolStats());
    this.metrics.setWorkerSource(() => this.jobs.workerCount());

    registerOutboxRetention(this.jobs, this.database.db);
    this.mail.registerDelivery(this.bus);
    this.modules = ModuleSet.build(this, this.options.modules ?? []);
    for (const m of this.modules.ordered) m.configure?.(this, this.modules.withNeeds(m));
    this.options.configure?.(this);
    this.dispatcher.registerHandlerQueues();

    await this.jobs.start();
    if (this.runsWorkers) {
      await this.jobs.startWorkers();
      this.dispatcher.start();
    }
    this.state = 'running';
    logger.info(
      { role: this.role, database: this.database.kind, pubsub: this.pubsub.kind, mail: this.mail.kind },
      'platform started',
    );
  }

  private async checkSecret(secret: string): Promise<void> {
    const result = await checkSecretFingerprint(this.database.sql, secretFingerprint(secret));
    if (result.state === 'differs') {
      await this.database.close().catch(() => {});
      this.state = 'stopped';
      throw new SecretMismatchError(result.expected, result.fingerprint);
    }
    if (result.state === 'recorded') this.logger.info('recorded the fingerprint of FOYER_SECRET in the database');
    if (result.state === 'unavailable') {
      this.logger.warn('the secret fingerprint cannot be checked before migrations are applied (run foyer migrate)');
    }
  }

  /** What `/readyz` reports: database reachable, migrations applied, queue started. */
  async readiness(): Promise<ReadinessCheck[]> {
    const checks: ReadinessCheck[] = [];
    if (this.state !== 'running') {
      checks.push({ name: 'lifecycle', ok: false, detail: `process is ${this.state}` });
    }
    if (!this.database) return [...checks, { name: 'database', ok: false, detail: 'not opened' }];
    try {
      await this.database.sql.query('select 1');
      checks.push({ name: 'database', ok: true, detail: this.database.kind });
      const applied = await appliedMigrationCount(this.database.sql);
      const total = shippedMigrations().length;
      checks.push({ name: 'migrations', ok: applied >= total, detail: `${applied}/${total} applied` });
    } catch (err) {
      checks.push({ name: 'database', ok: false, detail: (err as Error).message });
    }
    checks.push({
      name: 'jobs',
      ok: this.jobs?.isStarted() ?? false,
      detail: this.runsWorkers ? 'working' : 'sending',
    });
    if (this.pubsub) {
      checks.push({ name: 'pubsub', ok: await this.pubsub.ping(), detail: this.pubsub.kind });
    }
    if (this.storage) checks.push({ name: 'storage', ...(await this.storage.ping()) });
    return checks;
  }

  /** Stops workers and the dispatcher, waits for running jobs, closes connections. */
  async stop(): Promise<void> {
    if (this.state === 'stopping' || this.state === 'stopped') return;
    const wasStarted = this.state !== 'new';
    this.state = 'stopping';
    if (wasStarted) {
      await this.dispatcher?.stop().catch((err) => this.logger.error({ err }, 'dispatcher stop failed'));
      await this.jobs
        ?.stop(this.config.shutdownTimeoutMs)
        .catch((err) => this.logger.error({ err }, 'job queue stop failed'));
      await this.realtime.stop().catch((err) => this.logger.error({ err }, 'realtime stop failed'));
      await this.pubsub?.close().catch(() => {});
      await this.redis?.quit().catch(() => {});
      await this.mail?.close().catch(() => {});
      this.storage?.close?.();
      await this.database?.close().catch((err) => this.logger.error({ err }, 'database close failed'));
    }
    this.state = 'stopped';
  }
}
