import client from 'prom-client';
import { describe, expect, it } from 'vitest';
import type { PresenceShare } from './backplane.ts';
import { ChannelHub } from './channel-hub.ts';
import type { ChannelKind } from './channel-kinds.ts';
import { MemoryBackplane } from './memory-backplane.ts';
import { RealtimeMetrics } from './realtime-metrics.ts';

/** A memory backplane that answers after a delay, like Redis over a network, and counts its round trips. */
class SlowBackplane extends MemoryBackplane {
  roundTrips = 0;
  override async sharePresence(channel: string, share: PresenceShare | null): Promise<void> {
    this.roundTrips++;
    await new Promise((r) => setTimeout(r, 5));
    return super.sharePresence(channel, share);
  }
  override async presence(channel: string): Promise<PresenceShare> {
    this.roundTrips++;
    await new Promise((r) => setTimeout(r, 5));
    return super.presence(channel);
  }
}

const kind: ChannelKind = {
  kind: 'stage',
  description: 'test',
  access: { permission: 'event.view', scope: () => ({}) } as unknown as ChannelKind['access'],
  presence: () => null,
};

const subscriber = () => ({ offer() {}, resync() {}, presence() {} });

describe('channel hub presence', () => {
  it('answers a burst of subscribers with a few shared reads, each counting itself', async () => {
    const backplane = new SlowBackplane();
    const hub = new ChannelHub(backplane, new RealtimeMetrics(new client.Registry()), undefined, 60_000);
    try {
      const joins = Array.from({ length: 500 }, async (_, i) => {
        const { channel } = await hub.join('stage:one', kind, 'one', subscriber());
        hub.addMember(channel, { id: i % 5 === 0 ? `user:${i}` : `socket:${i}`, name: i % 5 === 0 ? `User ${i}` : '' });
        const total = await hub.presenceOf(channel);
        return { total, i };
      });
      const answers = await Promise.all(joins);
      // Every caller's answer was read after it joined: the count is at least its own place in the burst.
      const counts = answers.map((a) => a.total.count);
      expect(Math.max(...counts)).toBe(500);
      expect(counts.every((c) => c >= 1)).toBe(true);
      // Shared: a handful of round trips (each read is a write and a read), not two per subscriber.
      expect(backplane.roundTrips).toBeLessThan(20);
      const last = await hub.presenceOf((await hub.join('stage:one', kind, 'one', subscriber())).channel);
      // Only named members are listed, at most 100, while the count covers the anonymous viewers too.
      expect(last.count).toBe(500);
      expect(last.members).toHaveLength(100);
      expect(last.members.every((m) => m.name.startsWith('User '))).toBe(true);
    } finally {
      hub.close();
    }
  });

  it('never answers a caller with a read that began before it joined', async () => {
    const backplane = new SlowBackplane();
    const hub = new ChannelHub(backplane, new RealtimeMetrics(new client.Registry()), undefined, 60_000);
    try {
      const { channel } = await hub.join('stage:two', kind, 'two', subscriber());
      hub.addMember(channel, { id: 'a', name: 'A' });
      const first = hub.presenceOf(channel);
      hub.addMember(channel, { id: 'b', name: 'B' });
      const second = hub.presenceOf(channel);
      expect((await first).count).toBe(1);
      expect((await second).count).toBe(2);
    } finally {
      hub.close();
    }
  });
});
