import { and, isNotNull, lt, sql } from 'drizzle-orm';
import type { Db } from '../db/database.ts';
import type { JobQueue } from '../jobs/job-queue.ts';
import { domainEvents, processedDomainEvents } from './schema.ts';

export const OUTBOX_RETENTION_QUEUE = 'maintenance.outbox-retention';
const RETENTION_DAYS = 30;

/**
 * Dispatched events and their handled-markers are kept for 30 days (long
 * enough for any retry or redelivery to have finished), then deleted daily.
 */
export function registerOutboxRetention(jobs: JobQueue, db: Db): void {
  jobs.define({ name: OUTBOX_RETENTION_QUEUE, retryLimit: 3, concurrency: 1, pollingIntervalSeconds: 30 });
  jobs.handle(OUTBOX_RETENTION_QUEUE, async () => {
    await pruneOutbox(db, RETENTION_DAYS);
  });
  jobs.schedule(OUTBOX_RETENTION_QUEUE, '17 3 * * *');
}

export async function pruneOutbox(db: Db, days: number): Promise<{ events: number; markers: number }> {
  const cutoff = sql`now() - make_interval(days => ${days})`;
  const events = await db
    .delete(domainEvents)
    .where(and(isNotNull(domainEvents.dispatchedAt), lt(domainEvents.dispatchedAt, cutoff)))
    .returning({ id: domainEvents.id });
  const markers = await db
    .delete(processedDomainEvents)
    .where(lt(processedDomainEvents.processedAt, cutoff))
    .returning({ id: processedDomainEvents.eventId });
  return { events: events.length, markers: markers.length };
}
