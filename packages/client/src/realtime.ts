import { type ClientMessage, type ErrorCode, RealtimeCloseCode, type ServerMessage } from '@foyer/contracts';
import { Emitter } from './emitter.ts';

/** The part of the browser's WebSocket the client uses (the `ws` package's WebSocket has it too). */
export interface WebSocketLike {
  readonly readyState: number;
  send(data: string): void;
  close(code?: number, reason?: string): void;
  onopen: ((event: unknown) => void) | null;
  onmessage: ((event: { data: unknown }) => void) | null;
  onclose: ((event: { code: number; reason: string }) => void) | null;
  onerror: ((event: unknown) => void) | null;
}

export interface RealtimeClientOptions {
  /** `ws(s)://host/api/v1/realtime`. */
  url: string;
  /** Opens a socket; defaults to the global WebSocket (browsers, Node 22+). */
  connect?: (url: string) => WebSocketLike;
  /** The access token or API key to authenticate with (asked again on every connect and renewal); null: stay anonymous. */
  token?: () => Promise<string | null> | string | null;
  /** Reconnect delays: `initialMs · factor^attempt`, at most `maxMs`, less up to `jitter` of it at random. */
  backoff?: { initialMs?: number; maxMs?: number; factor?: number; jitter?: number };
  random?: () => number;
}

/** A command refused by the server (or not answered because the socket closed: code `DISCONNECTED`). */
export class RealtimeError extends Error {
  constructor(
    readonly code: ErrorCode | 'DISCONNECTED',
    message: string,
    readonly retryAfter?: number,
  ) {
    super(message);
    this.name = 'RealtimeError';
  }
}

type ChannelMessageFrame = Extract<ServerMessage, { type: 'message' }>;
type PresenceFrame = Extract<ServerMessage, { type: 'presence' }>;
type ResyncFrame = Extract<ServerMessage, { type: 'resync' }>;

type ChannelEvents = {
  message: [ChannelMessageFrame];
  resync: [ResyncFrame];
  presence: [PresenceFrame];
  /** Subscribed (again, after a reconnect), with the channel's sequence number then. */
  subscribed: [{ seq: number; replayed: number }];
  error: [RealtimeError];
};

/** One subscribed channel: emits its messages once each and in order, across reconnects. */
export class RealtimeChannel extends Emitter<ChannelEvents> {
  /** Last sequence number received; resubscribing resumes after it. */
  lastSeq: number | null;

  constructor(
    readonly name: string,
    since: number | undefined,
  ) {
    super();
    this.lastSeq = since ?? null;
  }

  /** @internal */
  receive(frame: ServerMessage): void {
    if (frame.type === 'message') {
      if (this.lastSeq !== null && frame.seq <= this.lastSeq) return;
      this.lastSeq = frame.seq;
      this.emit('message', frame);
    } else if (frame.type === 'resync') {
      this.lastSeq = frame.seq;
      this.emit('resync', frame);
    } else if (frame.type === 'presence') {
      this.emit('presence', frame);
    }
  }

  /** @internal */
  subscribed(seq: number, replayed: number): void {
    if (this.lastSeq === null || this.lastSeq < seq) {
      // Without a starting point the channel starts at the server's head (nothing to replay).
      if (this.lastSeq === null) this.lastSeq = seq;
    }
    this.emit('subscribed', { seq, replayed });
  }

  /** @internal */
  failed(error: RealtimeError): void {
    this.emit('error', error);
  }
}

export type ConnectionState = 'connecting' | 'open' | 'closed';

type ClientEvents = {
  state: [ConnectionState];
  welcome: [Extract<ServerMessage, { type: 'welcome' }>];
  bye: [{ code: number; reason: string }];
  close: [{ code: number; reason: string }];
  /** An `error` frame not tied to a command (e.g. a malformed frame). */
  error: [RealtimeError];
};

type Command = ClientMessage extends infer M ? (M extends { id: string } ? Omit<M, 'id'> : never) : never;

/**
 * Typed client of Foyer's realtime socket: authenticates (and renews before
 * the token expires), subscribes with resume, reconnects with exponential
 * backoff and jitter, and gives each channel its own emitter.
 */
export class RealtimeClient extends Emitter<ClientEvents> {
  private ws: WebSocketLike | null = null;
  private readonly channels = new Map<string, RealtimeChannel>();
  private readonly pending = new Map<
    string,
    { resolve: (r: Record<string, unknown>) => void; reject: (e: RealtimeError) => void }
  >();
  private nextId = 1;
  private attempt = 0;
  private stopped = true;
  private reconnectTimer: ReturnType<typeof setTimeout> | null = null;
  private renewTimer: ReturnType<typeof setTimeout> | null = null;
  private ready: Promise<void> = Promise.resolve();
  private markReady: () => void = () => {};
  private readyPending = false;
  state: ConnectionState = 'closed';
  /** Close codes after which reconnecting is pointless. */
  private static readonly FINAL = new Set<number>([RealtimeCloseCode.ORIGIN_NOT_ALLOWED, 1000]);

  constructor(private readonly options: RealtimeClientOptions) {
    super();
  }

  /** Opens the socket and keeps it open (reconnecting) until `close()`. */
  connect(): this {
    if (!this.stopped) return this;
    this.stopped = false;
    this.open();
    return this;
  }

  /** Resolves once the socket is open, authenticated and resubscribed. */
  whenReady(): Promise<void> {
    return this.ready;
  }

  close(): void {
    this.stopped = true;
    if (this.reconnectTimer) clearTimeout(this.reconnectTimer);
    if (this.renewTimer) clearTimeout(this.renewTimer);
    this.ws?.close(1000, 'client closed');
    this.ws = null;
    this.setState('closed');
  }

  /** Closes the socket as if the network dropped; the client reconnects and resumes (for tests and "reconnect now"). */
  dropConnection(): void {
    this.ws?.close(4000, 'client dropped');
  }

  /**
   * Sends a command and resolves with the server's ack result (rejects with
   * the error's code). While the socket reconnects the command waits for it,
   * up to `waitMs`, then rejects with `DISCONNECTED`.
   */
  async command(command: Command, { waitMs = 10_000 }: { waitMs?: number } = {}): Promise<Record<string, unknown>> {
    let timer: ReturnType<typeof setTimeout> | undefined;
    const gaveUp = new Promise<'timeout'>((resolve) => {
      timer = setTimeout(() => resolve('timeout'), waitMs);
    });
    const outcome = await Promise.race([this.ready.then(() => 'ready' as const), gaveUp]);
    clearTimeout(timer);
    if (outcome === 'timeout') throw new RealtimeError('DISCONNECTED', 'Not connected.');
    return this.send(command);
  }

  private send(command: Command): Promise<Record<string, unknown>> {
    const ws = this.ws;
    if (ws?.readyState !== 1) return Promise.reject(new RealtimeError('DISCONNECTED', 'Not connected.'));
    const id = String(this.nextId++);
    return new Promise((resolve, reject) => {
      this.pending.set(id, { resolve, reject });
      ws.send(JSON.stringify({ ...command, id }));
    });
  }

  /** Subscribes to a channel (resuming after `since` when given) and keeps it subscribed across reconnects. */
  subscribe(name: string, options: { since?: number } = {}): RealtimeChannel {
    let channel = this.channels.get(name);
    if (channel) return channel;
    channel = new RealtimeChannel(name, options.since);
    this.channels.set(name, channel);
    if (this.state === 'open') void this.resubscribe(channel);
    return channel;
  }

  unsubscribe(name: string): void {
    if (!this.channels.delete(name)) return;
    if (this.state === 'open') void this.send({ type: 'unsubscribe', channel: name }).catch(() => {});
  }

  private setState(state: ConnectionState): void {
    if (this.state === state) return;
    this.state = state;
    this.emit('state', state);
  }

  /**
   * From a drop until the next connection is ready, `ready` is pending, so
   * commands sent meanwhile wait for it. A socket that drops before it was
   * ready keeps the same promise: whoever awaits `whenReady` then resolves
   * with the connection that finally gets there, not never.
   */
  private expectReady(): void {
    if (this.readyPending) return;
    this.readyPending = true;
    this.ready = new Promise((resolve) => {
      this.markReady = () => {
        this.readyPending = false;
        resolve();
      };
    });
  }

  private open(): void {
    this.setState('connecting');
    this.expectReady();
    const factory =
      this.options.connect ??
      ((url: string) => new (globalThis as unknown as { WebSocket: new (u: string) => WebSocketLike }).WebSocket(url));
    const ws = factory(this.options.url);
    this.ws = ws;
    ws.onmessage = (event) => {
      let frame: ServerMessage;
      try {
        frame = JSON.parse(String(event.data)) as ServerMessage;
      } catch {
        return;
      }
      this.onFrame(ws, frame);
    };
    ws.onclose = (event) => this.onClose(ws, event.code, event.reason);
    ws.onerror = () => {};
  }

  private onFrame(ws: WebSocketLike, frame: ServerMessage): void {
    switch (frame.type) {
      case 'welcome':
        this.emit('welcome', frame);
        void this.start(ws);
        return;
      case 'ack': {
        const waiting = this.pending.get(frame.id);
        this.pending.delete(frame.id);
        waiting?.resolve(frame.result);
        return;
      }
      case 'error': {
        const error = new RealtimeError(frame.code, frame.detail, frame.retryAfter);
        const waiting = frame.id ? this.pending.get(frame.id) : undefined;
        if (waiting && frame.id) {
          this.pending.delete(frame.id);
          waiting.reject(error);
        } else this.emit('error', error);
        return;
      }
      case 'auth_expiring':
        void this.renew();
        return;
      case 'bye':
        this.emit('bye', { code: frame.code, reason: frame.reason });
        return;
      default:
        this.channels.get(frame.channel)?.receive(frame);
    }
  }

  /** After `welcome`: authenticate, then resubscribe every channel from where it left off. */
  private async start(ws: WebSocketLike): Promise<void> {
    try {
      if (this.options.token) await this.authenticate();
      await Promise.all([...this.channels.values()].map((c) => this.resubscribe(c)));
      if (this.ws !== ws) return;
      this.attempt = 0;
      this.setState('open');
      this.markReady();
    } catch {
      // The socket closed meanwhile; onClose reconnects.
    }
  }

  private async authenticate(): Promise<void> {
    const token = await this.options.token?.();
    if (!token) return;
    const result = await this.send({ type: 'auth', token });
    if (this.renewTimer) clearTimeout(this.renewTimer);
    const expiresAt = result.expiresAt ? Date.parse(String(result.expiresAt)) : null;
    if (expiresAt) {
      const left = expiresAt - Date.now();
      // Renew well before expiry: a minute early, or at three quarters of a short lifetime.
      this.renewTimer = setTimeout(() => void this.renew(), Math.max(1000, left - Math.min(60_000, left / 4)));
    }
  }

  private async renew(): Promise<void> {
    try {
      await this.authenticate();
    } catch (err) {
      this.emit('error', err instanceof RealtimeError ? err : new RealtimeError('DISCONNECTED', String(err)));
    }
  }

  private async resubscribe(channel: RealtimeChannel): Promise<void> {
    try {
      const result = await this.send({
        type: 'subscribe',
        channel: channel.name,
        ...(channel.lastSeq !== null ? { since: channel.lastSeq } : {}),
      });
      channel.subscribed(Number(result.seq), Number(result.replayed ?? 0));
    } catch (err) {
      const error = err instanceof RealtimeError ? err : new RealtimeError('DISCONNECTED', String(err));
      if (error.code !== 'DISCONNECTED') channel.failed(error);
      else throw error;
    }
  }

  private onClose(ws: WebSocketLike, code: number, reason: string): void {
    if (this.ws !== ws) return;
    this.ws = null;
    if (this.renewTimer) clearTimeout(this.renewTimer);
    for (const waiting of this.pending.values())
      waiting.reject(new RealtimeError('DISCONNECTED', 'The socket closed.'));
    this.pending.clear();
    this.emit('close', { code, reason });
    if (this.stopped || RealtimeClient.FINAL.has(code)) {
      this.stopped = true;
      this.setState('closed');
      return;
    }
    this.setState('connecting');
    this.expectReady();
    this.reconnectTimer = setTimeout(() => this.open(), this.backoffDelay(this.attempt++));
  }

  /** Exponential backoff with jitter, so a restarted server is not hit by every client at once. */
  backoffDelay(attempt: number): number {
    const { initialMs = 250, maxMs = 30_000, factor = 2, jitter = 0.5 } = this.options.backoff ?? {};
    const base = Math.min(maxMs, initialMs * factor ** attempt);
    return Math.round(base * (1 - jitter * (this.options.random ?? Math.random)()));
  }
}
