import { randomUUID } from 'node:crypto';
import { and, asc, eq, isNull, sql } from 'drizzle-orm';
import type { Logger } from 'pino';
import type { Database } from '../db/database.ts';
import type { JobQueue } from '../jobs/job-queue.ts';
import type { Metrics } from '../observability/metrics.ts';
import { deliveryJobId, handleOnce, toDomainEvent } from './domain-events.ts';
import type { EventBus } from './event-bus.ts';
import { Lease } from './lease.ts';
import { domainEvents } from './schema.ts';

const BATCH_SIZE = 100;
/** After this many failed attempts an event is set aside so later events can flow. */
const MAX_ATTEMPTS = 10;
const LEASE_TTL_MS = 15_000;
/** Retries of a durable event handler's job after its first attempt (with doubling backoff from 2 s). */
const HANDLER_RETRY_LIMIT = 8;
// Handlers do database work inside one transaction: a minute is long; a delivery older than that died with its process.
const HANDLER_EXPIRE_SECONDS = 60;

export interface DispatcherOptions {
  logger: Logger;
  metrics: Metrics;
  pollIntervalMs: number;
}

/**
 * Delivers recorded domain events, in recording order, to in-process
 * subscribers and (as durable jobs) to job handlers. Delivery is at least
 * once: an event is marked dispatched only after every reaction has been
 * run or enqueued, so one recorded just before a crash is delivered after
 * restart. One dispatcher across all processes holds the lease at a time.
 */
export class OutboxDispatcher {
  private readonly lease: Lease;
  private timer: NodeJS.Timeout | null = null;
  private running: Promise<void> | null = null;
  private stopped = true;

  constructor(
    private readonly database: Database,
    private readonly bus: EventBus,
    private readonly jobs: JobQueue,
    private readonly options: DispatcherOptions,
  ) {
    this.lease = new Lease(database.db, 'outbox-dispatcher', `${process.pid}:${randomUUID()}`, LEASE_TTL_MS);
  }

  /** Declares one queue per durable event handler and registers its worker. */
  registerHandlerQueues(): void {
    for (const handler of this.bus.allJobHandlers()) {
      this.jobs.define({
        name: handler.queue,
        retryLimit: handler.retryLimit ?? HANDLER_RETRY_LIMIT,
        retryDelaySeconds: handler.retryDelaySeconds ?? 2,
        retryBackoff: true,
        expireInSeconds: handler.expireInSeconds ?? HANDLER_EXPIRE_SECONDS,
      });
      this.jobs.handle<{ eventId: string }>(handler.queue, async ({ eventId }) => {
        const [row] = await this.database.db.select().from(domainEvents).where(eq(domainEvents.eventId, eventId));
        if (!row) {
          this.options.logger.warn({ eventId, handler: handler.name }, 'domain event no longer exists; skipping');
          return;
        }
        const event = toDomainEvent(row);
        try {
          await handleOnce(this.database.db, handler.name, eventId, (tx) => handler.handle(event, tx));
        } catch (err) {
          await handler
            .onFailure?.(event, err)
            .catch((e) => this.options.logger.error({ err: e }, 'failure hook failed'));
          throw err;
        }
      });
    }
  }

  start(): void {
    if (!this.stopped) return;
    this.stopped = false;
    this.schedule(0);
  }

  /** Asks for a dispatch soon, e.g. right after a commit that recorded events. */
  nudge(): void {
    if (this.stopped || this.running) return;
    this.schedule(0);
  }

  async stop(): Promise<void> {
    this.stopped = true;
    if (this.timer) clearTimeout(this.timer);
    this.timer = null;
    await this.running;
    await this.lease.release().catch(() => {});
  }

  /** Runs one dispatch pass now; returns how many events were delivered. Used by tests and the loop. */
  async dispatchOnce(): Promise<number> {
    if (!(await this.lease.acquire())) return 0;
    const pending = await this.database.db
      .select()
      .from(domainEvents)
      .where(isNull(domainEvents.dispatchedAt))
      .orderBy(asc(domainEvents.id))
      .limit(BATCH_SIZE);
    let delivered = 0;
    for (const row of pending) {
      // Head-of-line: an event waiting for its retry holds back the ones after it, keeping order.
      if (row.nextAttemptAt && row.nextAttemptAt.getTime() > Date.now()) break;
      const event = toDomainEvent(row);
      try {
        for (const subscriber of this.bus.subscribersFor(event.type)) await subscriber.handle(event);
        for (const handler of this.bus.jobHandlersFor(event.type)) {
          await this.jobs.send(
            handler.queue,
            { eventId: event.eventId },
            { id: deliveryJobId(handler.name, event.eventId) },
          );
        }
        await this.database.db
          .update(domainEvents)
          .set({ dispatchedAt: sql`now()`, attempts: row.attempts + 1, lastError: null })
          .where(and(eq(domainEvents.id, row.id), isNull(domainEvents.dispatchedAt)));
        this.options.metrics.domainEventsDispatched.inc({ type: event.type });
        delivered++;
      } catch (err) {
        this.options.metrics.domainEventFailures.inc({ type: event.type });
        const attempts = row.attempts + 1;
        const giveUp = attempts >= MAX_ATTEMPTS;
        const backoffMs = Math.min(2 ** attempts * 500, 5 * 60_000);
        this.options.logger.error(
          { err, eventId: event.eventId, type: event.type, attempts },
          giveUp
            ? 'domain event dispatch failed for good; setting it aside'
            : 'domain event dispatch failed; will retry',
        );
        await this.database.db
          .update(domainEvents)
          .set({
            attempts,
            lastError: String((err as Error)?.message ?? err).slice(0, 2000),
            nextAttemptAt: new Date(Date.now() + backoffMs),
            ...(giveUp ? { dispatchedAt: sql`now()` } : {}),
          })
          .where(eq(domainEvents.id, row.id));
        if (!giveUp) break;
      }
    }
    return delivered;
  }

  /** Events recorded and not yet dispatched. */
  async backlog(): Promise<number> {
    const [row] = await this.database.db
      .select({ n: sql<number>`count(*)::int` })
      .from(domainEvents)
      .where(isNull(domainEvents.dispatchedAt));
    return row?.n ?? 0;
  }

  private schedule(delayMs: number): void {
    if (this.stopped) return;
    if (this.timer) clearTimeout(this.timer);
    this.timer = setTimeout(() => {
      this.timer = null;
      this.running = this.dispatchOnce()
        .then((n) => {
          // Every worker runs this loop (holding the lease or not): a completed pass is its heartbeat.
          this.options.metrics.workerHeartbeat.setToCurrentTime();
          return n;
        })
        .catch((err) => {
          this.options.logger.error({ err }, 'outbox dispatch pass failed');
          return 0;
        })
        .then((n) => {
          this.running = null;
          // A full batch means more may be waiting: go again at once.
          this.schedule(n >= BATCH_SIZE ? 0 : this.options.pollIntervalMs);
        });
    }, delayMs);
    this.timer.unref?.();
  }
}
