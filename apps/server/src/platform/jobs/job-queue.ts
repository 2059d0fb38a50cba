import PgBoss from 'pg-boss';
import type { Logger } from 'pino';
import type { Database } from '../db/database.ts';
import type { Metrics } from '../observability/metrics.ts';
import { pgliteBossAdapter } from './pglite-boss-adapter.ts';

/** How one named queue behaves. Each purpose gets its own queue and workers, so slow work never starves urgent work. */
export interface QueueDefinition {
  name: string;
  /** Attempts after the first failure. */
  retryLimit?: number;
  /** Seconds before the first retry; doubled each time when `retryBackoff`. */
  retryDelaySeconds?: number;
  retryBackoff?: boolean;
  /** A job running longer than this is considered failed and retried. */
  expireInSeconds?: number;
  /** Jobs handled at once by one worker process. */
  concurrency?: number;
  pollingIntervalSeconds?: number;
}

export type JobHandler<T> = (data: T, job: { id: string; queue: string }) => Promise<void>;

export interface FailedJob {
  id: string;
  queue: string;
  data: unknown;
  output: unknown;
  retryCount: number;
  createdOn: Date;
  completedOn: Date | null;
}

// Shared by every Foyer process: "the job-queue setup lock".
const QUEUE_SETUP_LOCK_KEY = 7_246_100_002;

const DEFAULTS = {
  retryLimit: 5,
  retryDelaySeconds: 5,
  retryBackoff: true,
  expireInSeconds: 15 * 60,
  concurrency: 2,
  pollingIntervalSeconds: 1,
} satisfies Required<Omit<QueueDefinition, 'name'>>;

/**
 * Durable background jobs and cron schedules on pg-boss, in the same
 * database as everything else (on PGlite through an adapter). Failed jobs
 * stay in the `pgboss.job` table, visible with `listFailed` and `foyer jobs`.
 */
export class JobQueue {
  private readonly boss: PgBoss;
  private readonly definitions = new Map<string, Required<QueueDefinition>>();
  private readonly handlers = new Map<string, JobHandler<never>>();
  private readonly schedules: { queue: string; cron: string; data: object; tz: string }[] = [];
  private started = false;
  private working = false;
  private pollers = 0;

  constructor(
    private readonly database: Database,
    private readonly options: { logger: Logger; metrics: Metrics; runSchedules: boolean },
  ) {
    const common = {
      schema: 'pgboss',
      // Only processes that work jobs run maintenance and cron; an API process merely sends.
      supervise: options.runSchedules,
      schedule: options.runSchedules,
      // Failed jobs are kept for two weeks so an operator can see and retry them.
      deleteAfterDays: 14,
      // Maintenance is what notices expired (lost) jobs; pg-boss's default of 2 minutes would add
      // that much to every retry of work whose worker died.
      maintenanceIntervalSeconds: 10,
    };
    this.boss =
      database.kind === 'postgres' && database.connectionString
        ? new PgBoss({
            ...common,
            ...(database.clientSettings ?? {}),
            connectionString: database.connectionString,
            max: 4,
            application_name: 'foyer-jobs',
          })
        : new PgBoss({ ...common, db: pgliteBossAdapter(database.sql) });
    this.boss.on('error', (err) => options.logger.error({ err }, 'job queue error'));
  }

  /** Declares a queue. Call before `start`. */
  define(definition: QueueDefinition): void {
    this.definitions.set(definition.name, { ...DEFAULTS, ...definition });
  }

  /** Registers the handler for a queue; it runs only in processes that call `startWorkers`. */
  handle<T>(queue: string, handler: JobHandler<T>): void {
    if (!this.definitions.has(queue)) throw new Error(`Queue ${queue} is not defined`);
    this.handlers.set(queue, handler as JobHandler<never>);
  }

  /** Sends `data` to `queue` every time `cron` fires (in timezone `tz`). */
  schedule(queue: string, cron: string, data: object = {}, tz = 'UTC'): void {
    this.schedules.push({ queue, cron, data, tz });
  }

  /** How many job pollers this process runs (0 unless it works jobs). */
  workerCount(): number {
    return this.pollers;
  }

  isStarted(): boolean {
    return this.started;
  }

  queueNames(): string[] {
    return [...this.definitions.keys()];
  }

  /** Installs pg-boss's schema if needed and creates every defined queue. */
  async start(): Promise<void> {
    if (this.started) return;
    // Processes starting together would deadlock creating queues; take turns. pg-boss's own
    // start is inside the turn too: a worker's start creates pg-boss's cron queue (`send-it`),
    // which deadlocked against an api process creating Foyer's queues when both started at once.
    await this.database.withConnection(
      async ({ sql }) => {
        await sql.query('select pg_advisory_lock($1)', [QUEUE_SETUP_LOCK_KEY]);
        try {
          await this.boss.start();
          await this.createQueues();
        } finally {
          await sql.query('select pg_advisory_unlock($1)', [QUEUE_SETUP_LOCK_KEY]);
        }
      },
      { unbounded: true },
    );
    if (this.options.runSchedules) {
      for (const s of this.schedules) await this.boss.schedule(s.queue, s.cron, s.data, { tz: s.tz });
    }
    this.started = true;
  }

  private async createQueues(): Promise<void> {
    for (const def of this.definitions.values()) {
      const queueOptions = {
        name: def.name,
        policy: 'standard' as const,
        retryLimit: def.retryLimit,
        retryDelay: def.retryDelaySeconds,
        retryBackoff: def.retryBackoff,
        expireInSeconds: def.expireInSeconds,
      };
      if (!(await this.boss.getQueue(def.name))) {
        // Another process starting at the same moment may create it first; that is fine.
        await this.boss.createQueue(def.name, queueOptions).catch(async (err: unknown) => {
          if (!(await this.boss.getQueue(def.name))) throw err;
        });
      }
      await this.boss.updateQueue(def.name, queueOptions);
    }
  }

  /** Starts polling every queue that has a handler. */
  async startWorkers(): Promise<void> {
    if (this.working) return;
    this.working = true;
    for (const [queue, handler] of this.handlers) {
      const def = this.definitions.get(queue)!;
      // pg-boss 10 has no team size: concurrency is several independent pollers of one job each.
      for (let i = 0; i < def.concurrency; i++) {
        let workerId = '';
        workerId = await this.boss.work(
          queue,
          { batchSize: 1, pollingIntervalSeconds: def.pollingIntervalSeconds },
          async ([job]) => {
            if (!job) return;
            // A worker that found a job asks for the next one at once instead of sleeping a polling interval.
            this.boss.notifyWorker(workerId);
            try {
              await handler(job.data as never, { id: job.id, queue });
              this.options.metrics.jobsCompleted.inc({ queue });
            } catch (err) {
              this.options.metrics.jobsFailed.inc({ queue });
              this.options.logger.warn({ err, queue, jobId: job.id }, 'job failed');
              throw err;
            }
          },
        );
        this.pollers++;
      }
    }
  }

  /** Enqueues a job. A fixed `id` makes sending idempotent: a second send with the same id is ignored. */
  async send(
    queue: string,
    data: object,
    options: { id?: string; startAfterSeconds?: number } = {},
  ): Promise<string | null> {
    return this.boss.send(queue, data, {
      ...(options.id ? { id: options.id } : {}),
      ...(options.startAfterSeconds ? { startAfter: options.startAfterSeconds } : {}),
    });
  }

  /** Failed jobs, newest first, for operators. */
  async listFailed(options: { queue?: string; limit?: number } = {}): Promise<FailedJob[]> {
    const res = await this.database.sql.query<{
      id: string;
      name: string;
      data: unknown;
      output: unknown;
      retry_count: number;
      created_on: Date;
      completed_on: Date | null;
    }>(
      `select id, name, data, output, retry_count, created_on, completed_on
         from pgboss.job where state = 'failed' and ($1::text is null or name = $1)
        order by completed_on desc nulls last limit $2`,
      [options.queue ?? null, options.limit ?? 50],
    );
    return res.rows.map((r) => ({
      id: r.id,
      queue: r.name,
      data: r.data,
      output: r.output,
      retryCount: r.retry_count,
      createdOn: r.created_on,
      completedOn: r.completed_on,
    }));
  }

  /** Counts of jobs by queue and state, for operators and readiness. */
  async stateCounts(): Promise<{ queue: string; state: string; count: number }[]> {
    const res = await this.database.sql.query<{ name: string; state: string; n: number }>(
      'select name, state::text as state, count(*)::int as n from pgboss.job group by name, state order by name, state',
    );
    return res.rows.map((r) => ({ queue: r.name, state: r.state, count: r.n }));
  }

  /** Stops polling, waits for running jobs up to `timeoutMs`, and closes pg-boss's own pool. */
  async stop(timeoutMs = 10_000): Promise<void> {
    if (!this.started) return;
    this.started = false;
    this.working = false;
    this.pollers = 0;
    await this.boss.stop({ graceful: true, wait: true, timeout: timeoutMs });
  }
}
