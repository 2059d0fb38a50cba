import { describe, expect, it } from 'vitest';
import { SeatQueue, type Settled } from './seat-queue.ts';

describe('SeatQueue', () => {
  it('runs a lone request at once and groups the ones that arrive while a batch runs', async () => {
    const batches: number[][] = [];
    const queue = new SeatQueue<number, number>(async (_key, items) => {
      batches.push(items);
      await new Promise((r) => setTimeout(r, 20));
      return items.map(
        (n): Settled<number> => (n < 0 ? { ok: false, error: new Error(`bad ${n}`) } : { ok: true, value: n * 2 }),
      );
    }, 3);
    const first = queue.submit('e1', 1);
    const rest = [2, -3, 4, 5, 6].map((n) => queue.submit('e1', n));
    const other = queue.submit('e2', 7);
    expect(await first).toBe(2);
    const settled = await Promise.allSettled(rest);
    expect(settled.map((s) => (s.status === 'fulfilled' ? s.value : (s.reason as Error).message))).toEqual([
      4,
      'bad -3',
      8,
      10,
      12,
    ]);
    expect(await other).toBe(14);
    // e1: the first alone, then the waiting five in batches of at most three; e2 on its own.
    expect(batches).toEqual([[1], [7], [2, -3, 4], [5, 6]]);
  });

  it('fails every request of a batch whose run throws, and keeps serving the key', async () => {
    let fail = true;
    const queue = new SeatQueue<number, number>(async (_key, items) => {
      if (fail) throw new Error('database gone');
      return items.map((n) => ({ ok: true as const, value: n }));
    });
    await expect(queue.submit('e', 1)).rejects.toThrow('database gone');
    fail = false;
    await expect(queue.submit('e', 2)).resolves.toBe(2);
  });
});
