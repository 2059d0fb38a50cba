import client from 'prom-client';
import { HttpRequestMetrics } from './http-request-metrics.ts';

/** Figures of a node-postgres pool. */
export interface PoolStats {
  total: number;
  idle: number;
  waiting: number;
  max: number;
}

/**
 * The Prometheus metrics of one Foyer process. Each app gets its own
 * registry so that several apps in one process (tests) do not collide.
 */
export class Metrics {
  readonly registry = new client.Registry();
  readonly http: HttpRequestMetrics;
  readonly jobsCompleted: client.Counter<'queue'>;
  readonly jobsFailed: client.Counter<'queue'>;
  readonly domainEventsDispatched: client.Counter<'type'>;
  readonly domainEventFailures: client.Counter<'type'>;
  private readonly processInfo: client.Gauge<'role'>;
  readonly workerHeartbeat: client.Gauge;
  readonly mailDelivered: client.Counter<'transport'>;
  readonly mailFailures: client.Counter<'final'>;
  readonly pubsubPublished: client.Counter;
  readonly pubsubReceived: client.Counter;
  private backlogSource: (() => Promise<number>) | null = null;
  private poolSource: (() => PoolStats | null) | null = null;
  private workerSource: (() => number) | null = null;

  constructor() {
    client.collectDefaultMetrics({ register: this.registry });
    // prom-client names these gauges with a counter's `_total` suffix, which
    // `promtool check metrics` rejects; the per-type gauges they sum remain.
    for (const name of [
      'nodejs_active_handles_total',
      'nodejs_active_requests_total',
      'nodejs_active_resources_total',
    ]) {
      this.registry.removeSingleMetric(name);
    }
    this.http = new HttpRequestMetrics(this.registry);
    this.jobsCompleted = new client.Counter({
      name: 'foyer_jobs_completed_total',
      help: 'Background jobs completed, by queue.',
      labelNames: ['queue'],
      registers: [this.registry],
    });
    this.jobsFailed = new client.Counter({
      name: 'foyer_jobs_failed_total',
      help: 'Background job attempts that failed, by queue.',
      labelNames: ['queue'],
      registers: [this.registry],
    });
    this.domainEventsDispatched = new client.Counter({
      name: 'foyer_domain_events_dispatched_total',
      help: 'Domain events delivered to their subscribers and job handlers, by type.',
      labelNames: ['type'],
      registers: [this.registry],
    });
    this.domainEventFailures = new client.Counter({
      name: 'foyer_domain_event_dispatch_failures_total',
      help: 'Failed attempts to dispatch a domain event, by type.',
      labelNames: ['type'],
      registers: [this.registry],
    });
    this.mailDelivered = new client.Counter({
      name: 'foyer_mail_delivered_total',
      help: 'Mail messages handed to the transport (smtp) or kept in the outbox (outbox), by transport.',
      labelNames: ['transport'],
      registers: [this.registry],
    });
    this.mailFailures = new client.Counter({
      name: 'foyer_mail_delivery_failures_total',
      help: 'Failed mail delivery attempts; final="true" when the message is failed for good.',
      labelNames: ['final'],
      registers: [this.registry],
    });
    this.mailFailures.inc({ final: 'false' }, 0);
    this.mailFailures.inc({ final: 'true' }, 0);
    this.pubsubPublished = new client.Counter({
      name: 'foyer_pubsub_messages_published_total',
      help: 'Messages this process published on pub/sub (memory or Redis).',
      registers: [this.registry],
    });
    this.pubsubReceived = new client.Counter({
      name: 'foyer_pubsub_messages_received_total',
      help: 'Messages this process received from pub/sub and handed to a subscriber.',
      registers: [this.registry],
    });
    this.workerHeartbeat = new client.Gauge({
      name: 'foyer_worker_heartbeat_timestamp_seconds',
      help: "When this process's worker loop (the outbox dispatcher's pass, run by every worker) last completed a pass against the database, in Unix seconds; 0 in api processes.",
      registers: [this.registry],
    });
    this.processInfo = new client.Gauge({
      name: 'foyer_process_info',
      help: 'Always 1; the role label says what this process does (api, worker, all).',
      labelNames: ['role'],
      registers: [this.registry],
    });
    const self = this;
    new client.Gauge({
      name: 'foyer_db_pool_connections',
      help: 'Connections of the database pool by state (in_use, idle); PostgreSQL only.',
      labelNames: ['state'],
      registers: [this.registry],
      collect() {
        const stats = self.poolSource?.();
        if (!stats) return;
        this.set({ state: 'in_use' }, stats.total - stats.idle);
        this.set({ state: 'idle' }, stats.idle);
      },
    });
    new client.Gauge({
      name: 'foyer_db_pool_max_connections',
      help: 'Size limit of the database pool (DATABASE_POOL_SIZE); PostgreSQL only.',
      registers: [this.registry],
      collect() {
        const stats = self.poolSource?.();
        if (stats) this.set(stats.max);
      },
    });
    new client.Gauge({
      name: 'foyer_db_pool_waiting_requests',
      help: 'Queries waiting for a free connection of the database pool; PostgreSQL only.',
      registers: [this.registry],
      collect() {
        const stats = self.poolSource?.();
        if (stats) this.set(stats.waiting);
      },
    });
    new client.Gauge({
      name: 'foyer_job_workers',
      help: 'Job pollers this process runs (0 in api processes).',
      registers: [this.registry],
      collect() {
        this.set(self.workerSource?.() ?? 0);
      },
    });
    new client.Gauge({
      name: 'foyer_outbox_backlog',
      help: 'Domain events recorded but not yet dispatched.',
      registers: [this.registry],
      async collect() {
        if (!self.backlogSource) return;
        try {
          this.set(await self.backlogSource());
        } catch {
          // A scrape during a database outage must still answer; readiness reports the outage.
        }
      },
    });
  }

  /** This process's role, exported as `foyer_process_info{role}` = 1. */
  setRole(role: string): void {
    this.processInfo.reset();
    this.processInfo.set({ role }, 1);
  }

  /** Where the pool gauges read their figures (PostgreSQL only; PGlite has no pool). */
  setPoolSource(source: () => PoolStats | null): void {
    this.poolSource = source;
  }

  /** Where `foyer_job_workers` reads how many job pollers run. */
  setWorkerSource(source: () => number): void {
    this.workerSource = source;
  }

  /** Tells the backlog gauge how to count undispatched events. */
  setOutboxBacklogSource(source: () => Promise<number>): void {
    this.backlogSource = source;
  }

  async render(): Promise<{ contentType: string; body: string }> {
    return { contentType: this.registry.contentType, body: await this.registry.metrics() };
  }
}
