import { Redis } from 'ioredis';
import type { Logger } from 'pino';
import { AccessControl } from './auth/access-control.ts';
import { MemoryCounterStore, RateLimiter, RedisCounterStore } from './auth/rate-limiter.ts';
import type { Config } from './config/config.ts';
import { FieldCipher } from './crypto/field-cipher.ts';
import { resolveRootSecret } from './crypto/root-secret.ts';
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
import { Metrics } from './observability/metrics.ts';
import { createPubSub } from './pubsub/create-pubsub.ts';
import type { PubSub } from './pubsub/pubsub.ts';
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
  /** Registers queues, event subscribers and handlers before anything starts. */
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
    this.keys = deriveSecretKeys(resolveRootSecret(config, logger));
    this.cipher = new FieldCipher(this.keys.encryption, this.keys.blindIndex);
    this.database = await openDatabase(config.database, { poolSize: config.databasePoolSize });
    if (config.migrateOnStart) {
      this.migrations = await runMigrations(this.database);
      logger.info(this.migrations, 'database migrations checked');
    }
    this.pubsub = createPubSub(config.redisUrl, logger, config.redisKeyPrefix);
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
    );
    this.jobs = new JobQueue(this.database, { logger, metrics: this.metrics, runSchedules: this.runsWorkers });
    this.dispatcher = new OutboxDispatcher(this.database, this.bus, this.jobs, {
      logger,
      metrics: this.metrics,
      pollIntervalMs: config.outboxPollIntervalMs,
    });
    this.metrics.setOutboxBacklogSource(() => this.dispatcher.backlog());

    registerOutboxRetention(this.jobs, this.database.db);
    this.mail.registerDelivery(this.bus);
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
      await this.database?.close().catch((err) => this.logger.error({ err }, 'database close failed'));
    }
    this.state = 'stopped';
  }
}
