import { RealtimeCloseCode, type ServerMessage } from '@foyer/contracts';
import type { WebSocket } from 'ws';
import type { ChannelSubscriber, LiveChannel } from './channel-hub.ts';
import type { SocketIdentity } from './channel-kinds.ts';

/** Most frames a subscription holds while it replays; beyond that it is told to resync. */
const CATCH_UP_QUEUE_LIMIT = 2000;

/** One open socket: its identity, subscriptions and bounded sending. */
export class Connection {
  readonly subscriptions = new Map<string, Subscription>();
  alive = true;
  closed = false;
  invalidInARow = 0;
  expiresAt: Date | null = null;
  timers: NodeJS.Timeout[] = [];
  /** Commands run one after another, so a client's messages keep their order. */
  queue: Promise<void> = Promise.resolve();

  constructor(
    readonly id: string,
    readonly ws: WebSocket,
    readonly identity: SocketIdentity,
    private readonly sendBufferBytes: number,
    private readonly onSlowConsumer: (connection: Connection) => void,
    private readonly onSent: () => void,
  ) {}

  /** Sends a frame unless the socket's send buffer is full, in which case the socket is dropped. */
  sendBytes(bytes: Buffer | string): void {
    if (this.closed) return;
    if (this.ws.bufferedAmount + bytes.length > this.sendBufferBytes) {
      this.dropSlowConsumer();
      return;
    }
    this.ws.send(bytes, { binary: false });
    this.onSent();
  }

  send(message: ServerMessage): void {
    this.sendBytes(JSON.stringify(message));
  }

  /** Says why, then closes with `code`. */
  closeWith(code: number, reason: string): void {
    if (this.closed) return;
    this.send({ type: 'bye', code, reason });
    this.closed = true;
    this.ws.close(code, reason);
    // A peer that does not answer the close handshake is cut off.
    setTimeout(() => this.ws.terminate(), 2000).unref();
  }

  private dropSlowConsumer(): void {
    this.closed = true;
    this.onSlowConsumer(this);
    // The close frame queues behind what the peer has not read yet (at most the bounded buffer):
    // a peer that catches up within a few seconds reads the code, the rest are cut off, which
    // frees everything buffered for them.
    this.ws.close(RealtimeCloseCode.SLOW_CONSUMER, 'slow consumer');
    setTimeout(() => this.ws.terminate(), 5000).unref();
  }

  clearTimers(): void {
    for (const t of this.timers) clearTimeout(t);
    this.timers = [];
  }
}

/** A socket's subscription to one channel: replays first, then passes live frames on, each once. */
export class Subscription implements ChannelSubscriber {
  channel: LiveChannel | null = null;
  lastSent = -1;
  catchingUp = true;
  member: string | null = null;
  private queued: { seq: number; bytes: Buffer }[] = [];
  private overflowed = false;

  constructor(
    readonly connection: Connection,
    readonly name: string,
  ) {}

  offer(seq: number, bytes: Buffer): void {
    if (seq <= this.lastSent && !this.catchingUp) return;
    if (this.catchingUp) {
      if (this.queued.length >= CATCH_UP_QUEUE_LIMIT) this.overflowed = true;
      else this.queued.push({ seq, bytes });
      return;
    }
    this.lastSent = seq;
    this.connection.sendBytes(bytes);
  }

  resync(seq: number, reason: 'replay_unavailable' | 'too_far_behind' | 'buffer_overflow'): void {
    if (this.catchingUp) return;
    this.lastSent = Math.max(this.lastSent, seq);
    this.connection.send({ type: 'resync', channel: this.name, seq, reason });
  }

  presence(bytes: Buffer): void {
    if (!this.catchingUp) this.connection.sendBytes(bytes);
  }

  /** Ends the catch-up: sends what arrived live meanwhile, skipping what the replay already sent. */
  goLive(): void {
    this.catchingUp = false;
    const queued = this.queued;
    this.queued = [];
    if (this.overflowed) {
      this.overflowed = false;
      const last = this.channel?.lastSeq ?? queued.at(-1)?.seq ?? this.lastSent;
      this.resync(last, 'buffer_overflow');
      return;
    }
    for (const { seq, bytes } of queued) this.offer(seq, bytes);
  }
}
