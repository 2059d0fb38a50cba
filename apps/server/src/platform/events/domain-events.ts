import { createHash } from 'node:crypto';
import type { Db, Executor, Tx } from '../db/database.ts';
import { insertMany } from '../db/insert-many.ts';
import { domainEvents, processedDomainEvents } from './schema.ts';

/** What a service says happened, e.g. `registration.confirmed`. */
export interface DomainEventInput<P extends Record<string, unknown> = Record<string, unknown>> {
  type: string;
  aggregateType: string;
  aggregateId: string;
  organizationId?: string | null;
  payload: P;
}

/** A recorded domain event as delivered to subscribers and handlers. */
export interface DomainEvent<P extends Record<string, unknown> = Record<string, unknown>> extends DomainEventInput<P> {
  /** Delivery order. */
  sequence: number;
  /** Stable identity: handlers de-duplicate on it. */
  eventId: string;
  occurredAt: Date;
}

/**
 * Records a domain event in the caller's transaction, so it exists if and
 * only if the change that caused it was committed.
 */
export async function recordDomainEvent(tx: Executor, input: DomainEventInput): Promise<DomainEvent> {
  const [row] = await tx
    .insert(domainEvents)
    .values({
      type: input.type,
      aggregateType: input.aggregateType,
      aggregateId: input.aggregateId,
      organizationId: input.organizationId ?? null,
      payload: input.payload,
    })
    .returning();
  return toDomainEvent(row!);
}

/** Records several domain events in one statement, in order, in the caller's transaction. */
export async function recordDomainEvents(tx: Executor, inputs: DomainEventInput[]): Promise<void> {
  if (inputs.length === 0) return;
  await insertMany(
    tx,
    domainEvents,
    inputs.map((input) => ({
      type: input.type,
      aggregateType: input.aggregateType,
      aggregateId: input.aggregateId,
      organizationId: input.organizationId ?? null,
      payload: input.payload,
    })),
  );
}

export function toDomainEvent(row: typeof domainEvents.$inferSelect): DomainEvent {
  return {
    sequence: row.id,
    eventId: row.eventId,
    type: row.type,
    aggregateType: row.aggregateType,
    aggregateId: row.aggregateId,
    organizationId: row.organizationId,
    payload: row.payload,
    occurredAt: row.occurredAt,
  };
}

/**
 * Runs `effect` at most once per (handler, event): the marker row and the
 * handler's own writes commit together, so a redelivered event is skipped.
 * Returns false when the event had already been handled.
 */
export async function handleOnce(
  db: Db,
  handler: string,
  eventId: string,
  effect: (tx: Tx) => Promise<void>,
): Promise<boolean> {
  return db.transaction(async (tx) => {
    const inserted = await tx
      .insert(processedDomainEvents)
      .values({ handler, eventId })
      .onConflictDoNothing()
      .returning({ handler: processedDomainEvents.handler });
    if (inserted.length === 0) return false;
    await effect(tx);
    return true;
  });
}

/** A UUID derived from a handler and an event, used as the job id so re-sending the job is a no-op. */
export function deliveryJobId(handler: string, eventId: string): string {
  const h = createHash('sha256').update(`${handler}\u0000${eventId}`).digest('hex');
  // Shaped as an RFC 9562 version-8 (custom) UUID.
  return `${h.slice(0, 8)}-${h.slice(8, 12)}-8${h.slice(13, 16)}-${((Number.parseInt(h.slice(16, 17), 16) & 0x3) | 0x8).toString(16)}${h.slice(17, 20)}-${h.slice(20, 32)}`;
}
