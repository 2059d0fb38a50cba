/** Thrown when the queue is full: the caller answers 503 with Retry-After. */
export class PoolFullError extends Error {
  constructor() {
    super('resize queue full');
    this.name = 'PoolFullError';
  }
}

/**
 * A bounded pool of image work: at most `concurrency` jobs run, at most
 * `queueLimit` wait; anything more is refused at once, so a burst of cold
 * variant requests cannot pile up memory and time until the server falls over.
 */
export class ResizePool {
  private running = 0;
  private readonly waiting: (() => void)[] = [];

  constructor(
    private readonly concurrency: number,
    private readonly queueLimit: number,
  ) {}

  get stats() {
    return { running: this.running, queued: this.waiting.length };
  }

  async run<T>(job: () => Promise<T>): Promise<T> {
    if (this.running >= this.concurrency) {
      if (this.waiting.length >= this.queueLimit) throw new PoolFullError();
      await new Promise<void>((resolve) => this.waiting.push(resolve));
    } else {
      this.running++;
    }
    try {
      return await job();
    } finally {
      const next = this.waiting.shift();
      if (next) next();
      else this.running--;
    }
  }
}
