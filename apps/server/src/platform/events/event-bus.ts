import type { Tx } from '../db/database.ts';
import type { DomainEvent } from './domain-events.ts';

export type InProcessSubscriber = (event: DomainEvent) => Promise<void> | void;
export type EventJobHandler = (event: DomainEvent, tx: Tx) => Promise<void>;
/** Runs after a failed attempt's transaction rolled back, e.g. to record the error. */
export type EventJobFailureHandler = (event: DomainEvent, error: unknown) => Promise<void>;

interface Subscription {
  name: string;
  type: string;
  handle: InProcessSubscriber;
}

export interface JobSubscription {
  /** Unique, stable name: it keys idempotency and names the handler's queue. */
  name: string;
  type: string;
  queue: string;
  handle: EventJobHandler;
  onFailure?: EventJobFailureHandler;
  /** Retries after the first attempt and the first delay (doubled each time); the dispatcher's defaults otherwise. */
  retryLimit?: number;
  retryDelaySeconds?: number;
  /** An attempt still running after this long counts as failed and is retried (a killed worker's job). */
  expireInSeconds?: number;
}

export type EventJobOptions = Pick<
  JobSubscription,
  'onFailure' | 'retryLimit' | 'retryDelaySeconds' | 'expireInSeconds'
>;

/** The queue a durable event handler's deliveries go to. */
export function handlerQueueName(handlerName: string): string {
  return `event-handler.${handlerName}`;
}

/**
 * Who reacts to which domain event. Two kinds of reaction:
 * - in-process subscribers run in the dispatching process, in order, for
 *   quick fan-out (e.g. publishing to pub/sub);
 * - job handlers run as durable jobs on their own queue, with retries, and
 *   exactly once per event thanks to `handleOnce`.
 */
export class EventBus {
  private readonly subscribers: Subscription[] = [];
  private readonly jobHandlers: JobSubscription[] = [];

  /** `type` is an event type, a prefix ending in `.*`, or `*` for all. */
  subscribe(type: string, name: string, handle: InProcessSubscriber): void {
    this.subscribers.push({ name, type, handle });
  }

  onEventJob(type: string, name: string, handle: EventJobHandler, options: EventJobOptions = {}): void {
    if (this.jobHandlers.some((h) => h.name === name)) throw new Error(`Event handler ${name} registered twice`);
    this.jobHandlers.push({ name, type, queue: handlerQueueName(name), handle, ...options });
  }

  subscribersFor(type: string): Subscription[] {
    return this.subscribers.filter((s) => matches(s.type, type));
  }

  jobHandlersFor(type: string): JobSubscription[] {
    return this.jobHandlers.filter((h) => matches(h.type, type));
  }

  allJobHandlers(): readonly JobSubscription[] {
    return this.jobHandlers;
  }
}

function matches(pattern: string, type: string): boolean {
  if (pattern === '*' || pattern === type) return true;
  return pattern.endsWith('.*') && type.startsWith(pattern.slice(0, -1));
}
