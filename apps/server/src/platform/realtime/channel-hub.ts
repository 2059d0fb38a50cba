import type { Logger } from 'pino';
import type { Backplane, PresenceShare } from './backplane.ts';
import type { ChannelKind } from './channel-kinds.ts';
import type { SequencedFrame } from './frames.ts';
import type { RealtimeMetrics } from './realtime-metrics.ts';

/** What a channel delivers to: one socket's subscription. */
export interface ChannelSubscriber {
  /** A frame of the channel, once per process as bytes, in sequence order. */
  offer(seq: number, bytes: Buffer): void;
  /** The messages before `seq` cannot be delivered: refetch. */
  resync(seq: number, reason: 'replay_unavailable'): void;
  presence(bytes: Buffer): void;
}

/** How long a gap in the sequence may stay open before it is filled from the store. */
const GAP_WAIT_MS = 100;
/** How long a channel without subscribers keeps its backplane subscription (reconnects resubscribe). */
const LINGER_MS = 2000;
/** Most members a presence share lists by name; the count covers everyone. */
const LISTED_MEMBERS = 100;
/** Above this many subscribers a channel's presence is pushed less often: a count that moves every second is noise to 10,000 viewers. */
const LARGE_CHANNEL = 1000;
const LARGE_CHANNEL_PRESENCE_MS = 5000;

/**
 * One channel in this process: a single backplane subscription, whatever
 * the number of sockets, that puts frames in sequence order (filling gaps
 * from the store), turns each into bytes once and hands it to every
 * subscriber.
 */
class LiveChannel {
  readonly subscribers = new Set<ChannelSubscriber>();
  /** Last sequence number delivered; -1 until the head is known. */
  lastSeq = -1;
  private readonly pending = new Map<number, SequencedFrame>();
  private gapTimer: NodeJS.Timeout | null = null;
  private filling = false;
  lingerTimer: NodeJS.Timeout | null = null;
  ready!: Promise<void>;
  readonly members = new Map<string, { name: string; sockets: number }>();
  /** The named members (signed-in users, guests) in the order they came: what a share lists, without walking anonymous viewers. */
  readonly named = new Map<string, string>();
  presenceDirty = false;
  lastPresence = '';
  lastPresenceAt = 0;
  /** The presence read in flight, and the one queued behind it (see ChannelHub.presenceOf). */
  presenceRunning: Promise<PresenceShare> | null = null;
  presenceQueued: Promise<PresenceShare> | null = null;

  constructor(
    readonly name: string,
    readonly kind: ChannelKind,
    readonly id: string,
    private readonly hub: ChannelHub,
  ) {}

  start(head: number): void {
    this.lastSeq = head;
    for (const seq of this.pending.keys()) if (seq <= head) this.pending.delete(seq);
    this.drain();
  }

  receive(frame: SequencedFrame): void {
    if (this.lastSeq < 0 || frame.seq > this.lastSeq + 1) {
      this.pending.set(frame.seq, frame);
      if (this.lastSeq >= 0) this.scheduleGapFill();
      return;
    }
    if (frame.seq <= this.lastSeq) return;
    this.deliver(frame);
    this.drain();
  }

  private drain(): void {
    let next = this.pending.get(this.lastSeq + 1);
    while (next) {
      this.pending.delete(next.seq);
      this.deliver(next);
      next = this.pending.get(this.lastSeq + 1);
    }
    if (this.pending.size > 0) this.scheduleGapFill();
    else if (this.gapTimer) {
      clearTimeout(this.gapTimer);
      this.gapTimer = null;
    }
  }

  private deliver(frame: SequencedFrame): void {
    this.lastSeq = frame.seq;
    const bytes = Buffer.from(frame.frame);
    for (const subscriber of this.subscribers) subscriber.offer(frame.seq, bytes);
  }

  private scheduleGapFill(): void {
    if (this.gapTimer || this.filling) return;
    this.gapTimer = setTimeout(() => {
      this.gapTimer = null;
      void this.fillGap();
    }, GAP_WAIT_MS);
    this.gapTimer.unref();
  }

  /** A frame came before one it follows (or one was lost in transit): read the missing ones from the store. */
  private async fillGap(): Promise<void> {
    if (this.pending.size === 0) return;
    this.filling = true;
    try {
      const upTo = Math.min(...this.pending.keys());
      const frames = await this.hub.replay(this, this.lastSeq, upTo - this.lastSeq - 1);
      for (const frame of frames ?? []) if (frame.seq === this.lastSeq + 1 && frame.seq < upTo) this.deliver(frame);
      if (this.lastSeq + 1 < upTo) {
        // Not in the store either: tell subscribers what they missed cannot be replayed, and go on.
        for (const subscriber of this.subscribers) subscriber.resync(upTo - 1, 'replay_unavailable');
        this.lastSeq = upTo - 1;
      }
    } catch (err) {
      this.hub.logger?.warn({ err, channel: this.name }, 'could not fill a gap in a realtime channel');
    } finally {
      this.filling = false;
      this.drain();
    }
  }

  share(): PresenceShare | null {
    if (this.members.size === 0) return null;
    // Unnamed members (anonymous viewers) count but are not listed.
    const members: { id: string; name: string }[] = [];
    for (const [id, name] of this.named) {
      if (members.length >= LISTED_MEMBERS) break;
      members.push({ id, name });
    }
    return { count: this.members.size, members };
  }

  close(): void {
    if (this.gapTimer) clearTimeout(this.gapTimer);
    if (this.lingerTimer) clearTimeout(this.lingerTimer);
  }
}

export type { LiveChannel };

/** The live channels of this process. */
export class ChannelHub {
  private readonly channels = new Map<string, LiveChannel>();
  private readonly presenceTimer: NodeJS.Timeout;

  constructor(
    private readonly backplane: Backplane,
    private readonly metrics: RealtimeMetrics,
    readonly logger?: Logger,
    presenceIntervalMs = 1000,
  ) {
    this.presenceTimer = setInterval(() => void this.refreshPresence(), presenceIntervalMs);
    this.presenceTimer.unref();
  }

  /** Adds a subscriber to a channel, opening the process's backplane subscription for it if needed; answers the channel. */
  async join(
    name: string,
    kind: ChannelKind,
    id: string,
    subscriber: ChannelSubscriber,
  ): Promise<{ channel: LiveChannel; head: number }> {
    let channel = this.channels.get(name);
    if (!channel) {
      const created = new LiveChannel(name, kind, id, this);
      channel = created;
      this.channels.set(name, created);
      this.metrics.channels.set(this.channels.size);
      created.ready = (async () => {
        // Subscribe first, then read the head: a frame published in between is held, not lost.
        await this.backplane.subscribe(name, (frame) => created.receive(frame));
        created.start(await this.head(created));
      })();
      created.ready.catch(() => {
        if (this.channels.get(name) === created) this.drop(created);
      });
    }
    await channel.ready;
    if (channel.lingerTimer) {
      clearTimeout(channel.lingerTimer);
      channel.lingerTimer = null;
    }
    // Added and the head read in one step: every later frame reaches the subscriber, none before.
    channel.subscribers.add(subscriber);
    return { channel, head: channel.lastSeq };
  }

  leave(channel: LiveChannel, subscriber: ChannelSubscriber): void {
    channel.subscribers.delete(subscriber);
    if (channel.subscribers.size > 0 || channel.lingerTimer) return;
    channel.lingerTimer = setTimeout(() => {
      channel.lingerTimer = null;
      if (channel.subscribers.size === 0 && this.channels.get(channel.name) === channel) this.drop(channel);
    }, LINGER_MS);
    channel.lingerTimer.unref();
  }

  private drop(channel: LiveChannel): void {
    channel.close();
    this.channels.delete(channel.name);
    this.metrics.channels.set(this.channels.size);
    void this.backplane.unsubscribe(channel.name).catch(() => {});
    if (channel.kind.presence) void this.backplane.sharePresence(channel.name, null).catch(() => {});
  }

  /** Counts a subscriber's presence identity on the channel. */
  addMember(channel: LiveChannel, member: { id: string; name: string }): void {
    const entry = channel.members.get(member.id);
    if (entry) entry.sockets++;
    else {
      channel.members.set(member.id, { name: member.name, sockets: 1 });
      if (member.name !== '') channel.named.set(member.id, member.name);
    }
    channel.presenceDirty = true;
  }

  removeMember(channel: LiveChannel, memberId: string): void {
    const entry = channel.members.get(memberId);
    if (!entry) return;
    if (--entry.sockets === 0) {
      channel.members.delete(memberId);
      channel.named.delete(memberId);
    }
    channel.presenceDirty = true;
  }

  /**
   * Current presence of a channel across every process. Callers share
   * reads: while one is in flight, later callers wait for a single read
   * queued behind it, which starts after their own membership changes — so
   * a burst of 10,000 subscribes costs a few backplane round trips, not
   * 20,000, and each caller still sees itself counted.
   */
  presenceOf(channel: LiveChannel): Promise<PresenceShare> {
    if (channel.presenceQueued) return channel.presenceQueued;
    if (!channel.presenceRunning) return this.readPresence(channel);
    const queued = channel.presenceRunning
      .catch(() => undefined)
      .then(() => {
        if (channel.presenceQueued === queued) channel.presenceQueued = null;
        return this.readPresence(channel);
      });
    channel.presenceQueued = queued;
    return queued;
  }

  private readPresence(channel: LiveChannel): Promise<PresenceShare> {
    const running = (async () => {
      if (channel.presenceDirty) {
        channel.presenceDirty = false;
        await this.backplane.sharePresence(channel.name, channel.share());
      }
      return this.backplane.presence(channel.name);
    })().finally(() => {
      if (channel.presenceRunning === running) channel.presenceRunning = null;
    });
    channel.presenceRunning = running;
    return running;
  }

  /** Publishes this process's presence shares and pushes each channel's total to its subscribers when it changed. */
  private async refreshPresence(): Promise<void> {
    for (const channel of this.channels.values()) {
      if (!channel.kind.presence || channel.lastSeq < 0) continue;
      try {
        const total = await this.presenceOf(channel);
        const text = JSON.stringify({ type: 'presence', channel: channel.name, ...total });
        if (text === channel.lastPresence) continue;
        const now = Date.now();
        if (channel.subscribers.size > LARGE_CHANNEL && now - channel.lastPresenceAt < LARGE_CHANNEL_PRESENCE_MS)
          continue;
        channel.lastPresence = text;
        channel.lastPresenceAt = now;
        const bytes = Buffer.from(text);
        for (const subscriber of channel.subscribers) subscriber.presence(bytes);
      } catch (err) {
        this.logger?.warn({ err, channel: channel.name }, 'presence refresh failed');
      }
    }
  }

  async head(channel: LiveChannel): Promise<number> {
    return channel.kind.store ? channel.kind.store.head(channel.id) : this.backplane.ephemeralHead(channel.name);
  }

  async replay(channel: LiveChannel, since: number, limit: number) {
    if (channel.kind.store) return channel.kind.store.replay(channel.id, since, limit);
    const frames = await this.backplane.ephemeralReplay(channel.name, since);
    return frames ? frames.slice(0, limit) : null;
  }

  close(): void {
    clearInterval(this.presenceTimer);
    for (const channel of this.channels.values()) channel.close();
    this.channels.clear();
  }
}
