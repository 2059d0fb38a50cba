import { eq, sql } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { testConfig } from '../config/config.ts';
import { Platform } from '../platform.ts';
import { eventually } from '../testing/test-app.ts';
import { createTestDatabase, type TestDatabase } from '../testing/test-database.ts';
import { type DomainEvent, recordDomainEvent } from './domain-events.ts';
import { domainEvents, processedDomainEvents } from './schema.ts';

let database: TestDatabase;
let platform: Platform;
const seen: DomainEvent[] = [];
let flakyFailuresLeft = 2;
const flakySeen: string[] = [];

beforeAll(async () => {
  database = await createTestDatabase();
  platform = new Platform(testConfig({ ...database.env }), {
    configure(p) {
      p.bus.subscribe('order.*', 'test.recorder', (event) => {
        seen.push(event);
      });
      p.bus.subscribe('flaky.happened', 'test.flaky', (event) => {
        if (flakyFailuresLeft-- > 0) throw new Error('not yet');
        flakySeen.push(event.eventId);
      });
      // A durable handler: its effect (a stored mail) commits with its idempotency marker.
      p.bus.onEventJob('order.placed', 'test.confirmation-mail', async (event, tx) => {
        await p.mail.send(
          { to: 'buyer@example.org', subject: `Order ${event.aggregateId}`, text: 'Thanks!' },
          { executor: tx },
        );
      });
    },
  });
  await platform.start();
});

afterAll(async () => {
  await platform?.stop();
  await database?.drop();
});

async function mailsWithSubject(subject: string) {
  return (await platform.mail.list({ limit: 1000 })).filter((m) => m.subject === subject);
}

async function place(orderId: string, commit = true) {
  const { db } = platform.database;
  try {
    await db.transaction(async (tx) => {
      await recordDomainEvent(tx, {
        type: 'order.placed',
        aggregateType: 'order',
        aggregateId: orderId,
        payload: { orderId },
      });
      if (!commit) throw new Error('rollback');
    });
  } catch (err) {
    if (commit) throw err;
  }
}

describe('domain events (outbox)', () => {
  it('delivers committed events in order to in-process subscribers', async () => {
    for (let i = 1; i <= 20; i++) await place(`o-${i}`);
    await eventually(() => seen.filter((e) => e.type === 'order.placed').length >= 20);
    const ids = seen.filter((e) => e.type === 'order.placed').map((e) => e.aggregateId);
    expect(ids).toEqual(Array.from({ length: 20 }, (_, i) => `o-${i + 1}`));
    const seq = seen.map((e) => e.sequence);
    expect([...seq].sort((a, b) => a - b)).toEqual(seq);
  });

  it('never delivers an event whose transaction rolled back', async () => {
    await place('rolled-back', false);
    await place('after-rollback');
    await eventually(() => seen.some((e) => e.aggregateId === 'after-rollback'));
    expect(seen.some((e) => e.aggregateId === 'rolled-back')).toBe(false);
    const stored = await platform.database.db
      .select()
      .from(domainEvents)
      .where(eq(domainEvents.aggregateId, 'rolled-back'));
    expect(stored).toEqual([]);
  });

  it('runs durable job handlers once per event', async () => {
    await place('job-1');
    const mail = await eventually(async () => {
      const rows = await mailsWithSubject('Order job-1');
      return rows.length === 1 ? rows : null;
    });
    expect(mail).toHaveLength(1);
  });

  it('ignores a redelivery of an already handled event (idempotent by event id)', async () => {
    await place('job-2');
    const { db } = platform.database;
    await eventually(async () => (await mailsWithSubject('Order job-2')).length === 1);
    const [event] = await db.select().from(domainEvents).where(eq(domainEvents.aggregateId, 'job-2'));
    // Simulate a crash after delivery but before the event was marked: it is dispatched again.
    await db.update(domainEvents).set({ dispatchedAt: null }).where(eq(domainEvents.id, event!.id));
    // Even a fresh job for the same event (its first job already deleted) must be a no-op.
    await db.execute(sql`delete from pgboss.job where data->>'eventId' = ${event!.eventId}`);
    await eventually(async () => {
      const [row] = await db.select().from(domainEvents).where(eq(domainEvents.id, event!.id));
      return row?.dispatchedAt !== null;
    });
    await new Promise((r) => setTimeout(r, 2500));
    const mails = await mailsWithSubject('Order job-2');
    expect(mails).toHaveLength(1);
    const markers = await db
      .select()
      .from(processedDomainEvents)
      .where(eq(processedDomainEvents.eventId, event!.eventId));
    expect(markers).toHaveLength(1);
  });

  it('retries an event whose subscriber failed, holding back later events', async () => {
    const { db } = platform.database;
    await db.transaction(async (tx) => {
      await recordDomainEvent(tx, { type: 'flaky.happened', aggregateType: 't', aggregateId: 'f1', payload: {} });
    });
    await place('after-flaky');
    await eventually(() => flakySeen.length === 1, 15_000);
    const flakyIndex = seen.length;
    await eventually(() => seen.some((e) => e.aggregateId === 'after-flaky'));
    // The later event was not delivered before the failing one succeeded.
    expect(seen.findIndex((e) => e.aggregateId === 'after-flaky')).toBeGreaterThanOrEqual(flakyIndex - 1);
    const [row] = await db.select().from(domainEvents).where(eq(domainEvents.aggregateId, 'f1'));
    expect(row!.attempts).toBe(3);
    expect(platform.metrics.domainEventFailures).toBeDefined();
  });

  it('reports the backlog', async () => {
    await eventually(async () => (await platform.dispatcher.backlog()) === 0);
  });
});
