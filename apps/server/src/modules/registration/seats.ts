import { and, eq, gt, sql } from 'drizzle-orm';
import type { Tx } from '../../platform/db/database.ts';
import { registrationCounters, registrations } from './schema.ts';

export interface Counter {
  confirmed: number;
  waitlisted: number;
}

/**
 * The seat book of one event. Every change of who holds a seat or a
 * waitlist place goes through `lock` first, so the counts it returns stay
 * true until the transaction ends: concurrent registrations queue on the
 * counter row instead of all seeing the same free seat.
 */
export class SeatBook {
  private constructor(
    private readonly tx: Tx,
    readonly eventId: string,
    readonly counter: Counter,
  ) {}

  /** Creates the event's counter row if needed and locks it (ON CONFLICT DO UPDATE takes the row lock). */
  static async lock(tx: Tx, eventId: string): Promise<SeatBook> {
    const [row] = await tx
      .insert(registrationCounters)
      .values({ eventId })
      .onConflictDoUpdate({ target: registrationCounters.eventId, set: { eventId: sql`excluded.event_id` } })
      .returning();
    return new SeatBook(tx, eventId, { confirmed: row!.confirmed, waitlisted: row!.waitlisted });
  }

  hasFreeSeat(capacity: number | null): boolean {
    return capacity === null || this.counter.confirmed < capacity;
  }

  /** The position the next waitlisted person gets. */
  nextPosition(): number {
    return this.counter.waitlisted + 1;
  }

  async change(delta: Partial<Counter>): Promise<void> {
    this.count(delta);
    await this.flush();
  }

  /** Changes the counts in memory only; `flush` writes them (a batch writes once). */
  count(delta: Partial<Counter>): void {
    this.counter.confirmed += delta.confirmed ?? 0;
    this.counter.waitlisted += delta.waitlisted ?? 0;
  }

  async flush(): Promise<void> {
    await this.tx.update(registrationCounters).set(this.counter).where(eq(registrationCounters.eventId, this.eventId));
  }

  /** After someone left the waiting list at `position`: everyone behind moves up one, so positions stay 1…n. */
  async closeUp(position: number): Promise<void> {
    await this.tx
      .update(registrations)
      .set({ waitlistPosition: sql`${registrations.waitlistPosition} - 1` })
      .where(
        and(
          eq(registrations.eventId, this.eventId),
          eq(registrations.status, 'waitlisted'),
          gt(registrations.waitlistPosition, position),
        ),
      );
    await this.change({ waitlisted: -1 });
  }

  /** The first person on the waiting list, or undefined. */
  async first() {
    const [row] = await this.tx
      .select()
      .from(registrations)
      .where(
        and(
          eq(registrations.eventId, this.eventId),
          eq(registrations.status, 'waitlisted'),
          eq(registrations.waitlistPosition, 1),
        ),
      );
    return row;
  }
}
