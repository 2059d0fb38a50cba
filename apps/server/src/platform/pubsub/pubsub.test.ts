import { afterEach, describe, expect, it } from 'vitest';
import { eventually } from '../testing/test-app.ts';
import { redisUrl } from '../testing/test-database.ts';
import { MemoryPubSub } from './memory-pubsub.ts';
import type { PubSub } from './pubsub.ts';
import { RedisPubSub } from './redis-pubsub.ts';

const open: PubSub[] = [];
afterEach(async () => {
  await Promise.all(open.splice(0).map((p) => p.close()));
});

/**
 * `make` opens one connection; `pair` opens two that stand for two nodes
 * (for memory, both are the one in-process bus).
 */
function contract(name: string, make: () => PubSub, pair: () => [PubSub, PubSub], available: boolean) {
  describe.skipIf(!available)(`${name} pub/sub`, () => {
    it('delivers JSON messages to every subscriber of a channel, and only of that channel', async () => {
      const [a, b] = pair();
      open.push(a, b);
      const gotA: unknown[] = [];
      const gotB: unknown[] = [];
      const channel = `test-${Math.random().toString(36).slice(2)}`;
      await a.subscribe(channel, (m) => gotA.push(m));
      await b.subscribe(channel, (m) => gotB.push(m));
      await b.subscribe(`${channel}-other`, () => gotB.push('wrong'));
      await a.publish(channel, { kind: 'booking.changed', id: 42, at: '2026-11-21T10:00:00Z' });
      await eventually(() => gotA.length === 1 && gotB.length === 1);
      expect(gotA[0]).toEqual({ kind: 'booking.changed', id: 42, at: '2026-11-21T10:00:00Z' });
      expect(gotB).toEqual(gotA);
    });

    it('stops delivering after unsubscribe', async () => {
      const ps = make();
      open.push(ps);
      const got: unknown[] = [];
      const channel = `test-${Math.random().toString(36).slice(2)}`;
      const off = await ps.subscribe(channel, (m) => got.push(m));
      await ps.publish(channel, 1);
      await eventually(() => got.length === 1);
      await off();
      await ps.publish(channel, 2);
      await new Promise((r) => setTimeout(r, 200));
      expect(got).toEqual([1]);
    });

    it('hands subscribers a copy, not the publisher object', async () => {
      const ps = make();
      open.push(ps);
      const message = { n: 1 };
      let received: { n: number } | null = null;
      await ps.subscribe('copy', (m) => {
        received = m as { n: number };
      });
      await ps.publish('copy', message);
      await eventually(() => received !== null);
      expect(received).toEqual({ n: 1 });
      expect(received).not.toBe(message);
    });

    it('answers ping', async () => {
      const ps = make();
      open.push(ps);
      expect(await ps.ping()).toBe(true);
    });
  });
}

contract(
  'in-memory',
  () => new MemoryPubSub(),
  () => {
    const bus = new MemoryPubSub();
    return [bus, bus];
  },
  true,
);
// Two RedisPubSub instances are two nodes: messages cross between them through the real Redis.
contract(
  'Redis',
  () => new RedisPubSub(redisUrl!),
  () => [new RedisPubSub(redisUrl!), new RedisPubSub(redisUrl!)],
  redisUrl !== null,
);

describe('Redis pub/sub readiness', () => {
  it('reports an unreachable Redis', async () => {
    const ps = new RedisPubSub('redis://127.0.0.1:1');
    open.push(ps);
    expect(await ps.ping()).toBe(false);
  });
});
