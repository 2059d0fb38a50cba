import type { Backplane, FrameHandler, PresenceShare } from './backplane.ts';
import { sumShares } from './backplane.ts';
import type { SequencedFrame } from './frames.ts';

/** The backplane of a single process. */
export class MemoryBackplane implements Backplane {
  readonly kind = 'memory' as const;
  private readonly heads = new Map<string, number>();
  private readonly buffers = new Map<string, SequencedFrame[]>();
  private readonly handlers = new Map<string, FrameHandler>();
  private readonly presenceShares = new Map<string, PresenceShare>();

  async publishEphemeral(channel: string, [head, tail]: [string, string], bufferSize: number): Promise<number> {
    const seq = (this.heads.get(channel) ?? 0) + 1;
    this.heads.set(channel, seq);
    const frame = { seq, frame: head + seq + tail };
    let buffer = this.buffers.get(channel);
    if (!buffer) {
      buffer = [];
      this.buffers.set(channel, buffer);
    }
    buffer.push(frame);
    if (buffer.length > bufferSize) buffer.splice(0, buffer.length - bufferSize);
    this.handlers.get(channel)?.(frame);
    return seq;
  }

  async publishStored(channel: string, frame: SequencedFrame): Promise<void> {
    this.handlers.get(channel)?.(frame);
  }

  async ephemeralHead(channel: string): Promise<number> {
    return this.heads.get(channel) ?? 0;
  }

  async ephemeralReplay(channel: string, since: number): Promise<SequencedFrame[] | null> {
    const head = this.heads.get(channel) ?? 0;
    if (since >= head) return [];
    const buffer = this.buffers.get(channel) ?? [];
    if (buffer.length === 0 || buffer[0]!.seq > since + 1) return null;
    return buffer.filter((f) => f.seq > since);
  }

  async subscribe(channel: string, handler: FrameHandler): Promise<void> {
    this.handlers.set(channel, handler);
  }

  async unsubscribe(channel: string): Promise<void> {
    this.handlers.delete(channel);
  }

  async sharePresence(channel: string, share: PresenceShare | null): Promise<void> {
    if (share) this.presenceShares.set(channel, share);
    else this.presenceShares.delete(channel);
  }

  async presence(channel: string): Promise<PresenceShare> {
    const share = this.presenceShares.get(channel);
    return sumShares(share ? [share] : []);
  }

  async close(): Promise<void> {
    this.handlers.clear();
  }
}
