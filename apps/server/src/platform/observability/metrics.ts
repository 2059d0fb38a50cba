import client from 'prom-client';
import { HttpRequestMetrics } from './http-request-metrics.ts';

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
  private backlogSource: (() => Promise<number>) | null = null;

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
    const self = this;
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

  /** Tells the backlog gauge how to count undispatched events. */
  setOutboxBacklogSource(source: () => Promise<number>): void {
    this.backlogSource = source;
  }

  async render(): Promise<{ contentType: string; body: string }> {
    return { contentType: this.registry.contentType, body: await this.registry.metrics() };
  }
}
