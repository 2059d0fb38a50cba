import type { SequencedFrame } from './frames.ts';

/** Receives the frames published on a channel, in the order the backplane saw them. */
export type FrameHandler = (frame: SequencedFrame) => void;

/** What one process reports about the people on a channel. */
export interface PresenceShare {
  count: number;
  members: { id: string; name: string }[];
}

/**
 * Carries channel messages between the processes of a deployment: in
 * memory for one process, Redis for several. It also keeps the bounded
 * replay buffer of ephemeral channels, assigns their sequence numbers, and
 * holds each process's share of presence.
 */
export interface Backplane {
  readonly kind: 'memory' | 'redis';
  /**
   * Assigns the next sequence number of `channel`, stores the completed
   * frame in its replay buffer (the last `bufferSize` kept) and publishes
   * it, atomically, so every process sees frames in sequence order.
   */
  publishEphemeral(channel: string, pieces: [string, string], bufferSize: number): Promise<number>;
  /** Publishes a frame whose sequence number the owning module's store assigned. */
  publishStored(channel: string, frame: SequencedFrame): Promise<void>;
  /** The last sequence number of an ephemeral channel (0 when none yet). */
  ephemeralHead(channel: string): Promise<number>;
  /** Buffered frames after `since`, oldest first; null when the buffer no longer reaches back that far. */
  ephemeralReplay(channel: string, since: number): Promise<SequencedFrame[] | null>;
  /** One subscription per channel per process: the gateway multiplexes it to sockets. */
  subscribe(channel: string, handler: FrameHandler): Promise<void>;
  unsubscribe(channel: string): Promise<void>;
  /** Records this process's share of a channel's presence (null: none left). */
  sharePresence(channel: string, share: PresenceShare | null): Promise<void>;
  /** The shares of every live process, summed. */
  presence(channel: string): Promise<PresenceShare>;
  close(): Promise<void>;
}

/** Most members a presence message lists. */
export const PRESENCE_MEMBERS_LISTED = 100;

export function sumShares(shares: PresenceShare[]): PresenceShare {
  const members: { id: string; name: string }[] = [];
  const seen = new Set<string>();
  let count = 0;
  for (const share of shares) {
    count += share.count;
    for (const m of share.members) {
      if (members.length >= PRESENCE_MEMBERS_LISTED || seen.has(m.id)) continue;
      seen.add(m.id);
      members.push(m);
    }
  }
  return { count, members };
}
