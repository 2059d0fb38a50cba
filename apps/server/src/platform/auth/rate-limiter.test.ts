import { Redis } from 'ioredis';
import { afterAll, describe, expect, it } from 'vitest';
import { redisUrl } from '../testing/test-database.ts';
import { RateLimiter, RedisCounterStore } from './rate-limiter.ts';

describe.runIf(redisUrl)('Redis rate-limit counters', () => {
  const redis = new Redis(redisUrl ?? '');
  const prefix = `foyer-test-rl-${process.pid}-${Date.now()}:`;
  afterAll(async () => {
    const keys = await redis.keys(`${prefix}*`);
    if (keys.length) await redis.del(...keys);
    redis.disconnect();
  });

  it('never leaves a counter without an expiry, even when the process dies right after its first command', async () => {
    // A client that dies after one round trip: every command after the first fails.
    let commands = 0;
    const dying = new Proxy(redis, {
      get(target, name, receiver) {
        const value = Reflect.get(target, name, receiver);
        if (
          typeof value !== 'function' ||
          !['eval', 'evalsha', 'multi', 'incr', 'expire', 'ttl', 'set'].includes(String(name))
        )
          return typeof value === 'function' ? value.bind(target) : value;
        return (...args: unknown[]) => {
          if (++commands > 1) throw new Error('process killed');
          return (value as (...a: unknown[]) => unknown).apply(target, args);
        };
      },
    });
    const limiter = new RateLimiter(new RedisCounterStore(dying, prefix));
    await limiter.consume('signup:10.0.0.1', 10, 3600).catch(() => {});
    const ttl = await redis.ttl(`${prefix}rl:signup:10.0.0.1`);
    expect(ttl).toBeGreaterThan(0);
    expect(ttl).toBeLessThanOrEqual(3600);
  });

  it('gives a counter left without an expiry the window on its next hit, and counts under concurrency', async () => {
    const store = new RedisCounterStore(redis, prefix);
    await redis.set(`${prefix}rl:stuck`, '7');
    const { count, ttl } = await store.increment('stuck', 60);
    expect(count).toBe(8);
    expect(ttl).toBe(60);
    expect(await redis.ttl(`${prefix}rl:stuck`)).toBeGreaterThan(0);

    const results = await Promise.all(Array.from({ length: 50 }, () => store.increment('burst', 30)));
    expect(results.map((r) => r.count).sort((a, b) => a - b)).toEqual(Array.from({ length: 50 }, (_, i) => i + 1));
  });
});
