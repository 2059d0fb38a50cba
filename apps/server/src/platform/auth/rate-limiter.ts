import type { Redis } from 'ioredis';

export interface RateDecision {
  allowed: boolean;
  /** Seconds until the caller may try again (when not allowed). */
  retryAfter: number;
}

/** Counters with expiry: in memory for one process, Redis for several. */
export interface CounterStore {
  /** Adds one to `key`, starting a window of `windowSeconds` on the first hit; answers the count and seconds left. */
  increment(key: string, windowSeconds: number): Promise<{ count: number; ttl: number }>;
  /** Seconds left on `key`, 0 when absent. */
  ttl(key: string): Promise<number>;
  /** Sets `key` to expire in `seconds`. */
  block(key: string, seconds: number): Promise<void>;
  reset(key: string): Promise<void>;
}

export class MemoryCounterStore implements CounterStore {
  private readonly entries = new Map<string, { count: number; expiresAt: number }>();

  async increment(key: string, windowSeconds: number) {
    const now = Date.now();
    let entry = this.entries.get(key);
    if (!entry || entry.expiresAt <= now) {
      entry = { count: 0, expiresAt: now + windowSeconds * 1000 };
      this.entries.set(key, entry);
    }
    entry.count++;
    if (this.entries.size > 100_000) this.sweep(now);
    return { count: entry.count, ttl: Math.ceil((entry.expiresAt - now) / 1000) };
  }

  async ttl(key: string) {
    const entry = this.entries.get(key);
    const left = entry ? Math.ceil((entry.expiresAt - Date.now()) / 1000) : 0;
    return Math.max(0, left);
  }

  async block(key: string, seconds: number) {
    this.entries.set(key, { count: 1, expiresAt: Date.now() + seconds * 1000 });
  }

  async reset(key: string) {
    this.entries.delete(key);
  }

  private sweep(now: number) {
    for (const [k, v] of this.entries) if (v.expiresAt <= now) this.entries.delete(k);
  }
}

const INCREMENT_SCRIPT = `
local count = redis.call('INCR', KEYS[1])
local ttl = redis.call('TTL', KEYS[1])
if ttl < 0 then
  redis.call('EXPIRE', KEYS[1], ARGV[1])
  ttl = tonumber(ARGV[1])
end
return {count, ttl}
`;

export class RedisCounterStore implements CounterStore {
  constructor(
    private readonly redis: Redis,
    private readonly prefix = 'foyer:',
  ) {}

  /**
   * One script, so the count and its expiry are set together: no crash or
   * lost connection between two commands can leave a counter without an
   * expiry (a permanent block). A counter found without one (left by an
   * older version) is given the window.
   */
  async increment(key: string, windowSeconds: number) {
    const [count, ttl] = (await this.redis.eval(
      INCREMENT_SCRIPT,
      1,
      `${this.prefix}rl:${key}`,
      String(windowSeconds),
    )) as [number, number];
    return { count, ttl };
  }

  async ttl(key: string) {
    return Math.max(0, await this.redis.ttl(`${this.prefix}rl:${key}`));
  }

  async block(key: string, seconds: number) {
    await this.redis.set(`${this.prefix}rl:${key}`, '1', 'EX', Math.max(1, Math.ceil(seconds)));
  }

  async reset(key: string) {
    await this.redis.del(`${this.prefix}rl:${key}`);
  }
}

/** How a lockout grows: `free` failures within `windowSeconds`, then 2, 4, 8 … seconds up to `maxSeconds`. */
export interface LockoutPolicy {
  free: number;
  windowSeconds: number;
  maxSeconds: number;
}

/** Password sign-in: 5 free failures in 15 minutes, then waits up to 15 minutes. */
export const LOGIN_LOCKOUT: LockoutPolicy = { free: 5, windowSeconds: 15 * 60, maxSeconds: 15 * 60 };

/**
 * Fixed-window rate limits, plus a lockout that grows with repeated
 * failures on one account (by default 5 free failures, then 2, 4, 8 …
 * seconds up to 15 minutes).
 */
export class RateLimiter {
  constructor(private readonly store: CounterStore) {}

  async consume(key: string, limit: number, windowSeconds: number): Promise<RateDecision> {
    const { count, ttl } = await this.store.increment(key, windowSeconds);
    return count <= limit ? { allowed: true, retryAfter: 0 } : { allowed: false, retryAfter: Math.max(1, ttl) };
  }

  /** Seconds the account must still wait after its recent failures, 0 when it may try. */
  async lockedFor(account: string): Promise<number> {
    return this.store.ttl(`lock:${account}`);
  }

  async recordFailure(account: string, policy: LockoutPolicy = LOGIN_LOCKOUT): Promise<void> {
    const { count } = await this.store.increment(`fail:${account}`, policy.windowSeconds);
    if (count > policy.free) {
      await this.store.block(`lock:${account}`, Math.min(2 ** Math.min(count - policy.free, 30), policy.maxSeconds));
    }
  }

  async recordSuccess(account: string): Promise<void> {
    await Promise.all([this.store.reset(`fail:${account}`), this.store.reset(`lock:${account}`)]);
  }
}
