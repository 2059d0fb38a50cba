/** The outcome of one request in a batch: its value, or the error only it ran into. */
export type Settled<O> = { ok: true; value: O } | { ok: false; error: unknown };

interface Waiting<I, O> {
  item: I;
  resolve: (value: O) => void;
  reject: (error: unknown) => void;
}

/**
 * Group commit for one key (an event's seats). Requests arriving while a
 * batch for the same key is in its transaction wait and go together in
 * the next one: one lock, one commit for many decisions, instead of every
 * request queueing for the lock and paying for its own commit while
 * holding it. An idle queue runs a request at once (a batch of one).
 */
export class SeatQueue<I, O> {
  private readonly queues = new Map<string, Waiting<I, O>[]>();

  constructor(
    private readonly runBatch: (key: string, items: I[]) => Promise<Settled<O>[]>,
    private readonly maxBatch = 200,
  ) {}

  submit(key: string, item: I): Promise<O> {
    return new Promise<O>((resolve, reject) => {
      const queue = this.queues.get(key);
      if (queue) {
        queue.push({ item, resolve, reject });
        return;
      }
      this.queues.set(key, [{ item, resolve, reject }]);
      void this.drain(key);
    });
  }

  private async drain(key: string): Promise<void> {
    const queue = this.queues.get(key)!;
    while (queue.length > 0) {
      const batch = queue.splice(0, this.maxBatch);
      try {
        const results = await this.runBatch(
          key,
          batch.map((w) => w.item),
        );
        for (const [i, r] of results.entries()) {
          if (r.ok) batch[i]!.resolve(r.value);
          else batch[i]!.reject(r.error);
        }
      } catch (err) {
        for (const w of batch) w.reject(err);
      }
    }
    this.queues.delete(key);
  }
}
