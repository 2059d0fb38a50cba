import { randomUUID } from 'node:crypto';
import {
  type ClientMessage,
  ClientMessage as ClientMessageSchema,
  ErrorCode,
  REALTIME_PROTOCOL_VERSION,
  type RealtimeActor,
  RealtimeCloseCode,
} from '@foyer/contracts';
import type { FastifyRequest } from 'fastify';
import type { Logger } from 'pino';
import type { WebSocket } from 'ws';
import type { AccessControl } from '../auth/access-control.ts';
import type { Actor } from '../auth/actor.ts';
import type { RateLimiter } from '../auth/rate-limiter.ts';
import { AppError, rateLimited, titleOf } from '../http/problem.ts';
import type { Backplane } from './backplane.ts';
import { ChannelHub } from './channel-hub.ts';
import { type ChannelKind, ChannelKinds, type SocketIdentity } from './channel-kinds.ts';
import { Connection, Subscription } from './connection.ts';
import { framePieces, type SequencedFrame } from './frames.ts';
import type { GatewaySettings } from './gateway-settings.ts';
import { DEFAULT_GATEWAY_SETTINGS } from './gateway-settings.ts';
import type { RealtimeMetrics } from './realtime-metrics.ts';

/** Sockets pinged per turn of the event loop. */
const HEARTBEAT_SLICE = 500;

/** What a command handler knows about the socket that sent it. */
export interface CommandContext {
  identity: SocketIdentity;
  connectionId: string;
  isSubscribed(channel: string): boolean;
}

type CommandOf<T extends ClientMessage['type']> = Extract<ClientMessage, { type: T }>;

export interface CommandDefinition<T extends ClientMessage['type']> {
  description: string;
  /** The command names a channel the socket must be subscribed to (so it passed that channel's access check). */
  requiresSubscription?: boolean;
  handler(context: CommandContext, command: CommandOf<T>): Promise<Record<string, unknown>>;
}

/** A stage guest known from the upgrade request (its signed cookie), or null. */
export type GuestResolver = (request: FastifyRequest) => Promise<SocketIdentity['guest']>;

/**
 * The real-time gateway of one process. Modules declare channel kinds
 * (with their access rule, store and presence) and commands; they publish
 * with `publish` (ephemeral channels, numbered and buffered here) or
 * `publishStored` (channels whose store numbers messages, like chat).
 */
export class RealtimeGateway {
  readonly kinds = new ChannelKinds();
  private readonly commands = new Map<string, CommandDefinition<ClientMessage['type']>>();
  private readonly connections = new Set<Connection>();
  private hub: ChannelHub | null = null;
  private backplane: Backplane | null = null;
  private heartbeat: NodeJS.Timeout | null = null;
  private guestResolver: GuestResolver | null = null;
  settings: GatewaySettings = DEFAULT_GATEWAY_SETTINGS;

  constructor(
    private readonly access: AccessControl,
    private readonly metrics: RealtimeMetrics,
    private readonly logger: Logger,
  ) {
    this.command('ping', { description: 'Liveness check.', handler: async () => ({ at: new Date().toISOString() }) });
  }

  /** Declares a channel kind (`room`, `event`, …). */
  defineChannel(kind: ChannelKind): void {
    this.kinds.define(kind);
  }

  /** Declares the handler of a client command of the contracts. */
  command<T extends ClientMessage['type']>(type: T, definition: CommandDefinition<T>): void {
    if (this.commands.has(type)) throw new Error(`Realtime command ${type} is handled twice`);
    this.commands.set(type, definition as unknown as CommandDefinition<ClientMessage['type']>);
  }

  /** Reads a stage guest's identity from the upgrade request. */
  identifyGuests(resolver: GuestResolver): void {
    this.guestResolver = resolver;
  }

  /** Every channel kind and command with its rule, for the authorization matrix and the docs. */
  describe(): { channels: { kind: string; access: string }[]; commands: { type: string; rule: string }[] } {
    return {
      channels: this.kinds.all().map((k) => ({
        kind: k.kind,
        access: k.access === 'self' ? 'self' : k.access.action + (k.admit ? ' + admit' : ''),
      })),
      commands: [
        { type: 'auth', rule: 'public' },
        { type: 'subscribe', rule: 'channel access' },
        { type: 'unsubscribe', rule: 'public' },
        ...[...this.commands].map(([type, d]) => ({
          type,
          rule: d.requiresSubscription ? 'subscribed to the channel' : 'public',
        })),
      ],
    };
  }

  start(backplane: Backplane, settings: GatewaySettings): void {
    this.backplane = backplane;
    this.settings = settings;
    this.hub = new ChannelHub(backplane, this.metrics, this.logger);
    this.heartbeat = setInterval(() => this.beat(), settings.heartbeatMs);
    this.heartbeat.unref();
  }

  get backplaneKind(): Backplane['kind'] | null {
    return this.backplane?.kind ?? null;
  }

  /**
   * Publishes an ephemeral message on `channel` (e.g. `event:{id}`): numbered
   * and kept in the replay buffer by the backplane. Answers its sequence number.
   */
  async publish(channel: string, event: string, data: unknown): Promise<number> {
    const kind = this.kinds.resolve(channel)?.kind;
    return this.requireBackplane().publishEphemeral(
      channel,
      framePieces(channel, event, data, new Date()),
      kind?.replayBufferSize ?? this.settings.replayBufferSize,
    );
  }

  /** Fans out a message its owning module already stored and numbered (see `channelFrame`). */
  async publishStored(channel: string, frame: SequencedFrame): Promise<void> {
    await this.requireBackplane().publishStored(channel, frame);
  }

  private requireBackplane(): Backplane {
    if (!this.backplane) throw new Error('The realtime gateway has not started');
    return this.backplane;
  }

  /** Takes over an upgraded socket. */
  async accept(ws: WebSocket, request: FastifyRequest): Promise<void> {
    const guest = this.guestResolver ? await this.guestResolver(request).catch(() => null) : null;
    const socketId = randomUUID();
    const identity: SocketIdentity = { actor: { kind: 'anonymous' }, guest, ip: request.ip, socketId };
    const connection = new Connection(
      socketId,
      ws,
      identity,
      this.settings.sendBufferBytes,
      (c) => {
        this.metrics.slowConsumersDropped.inc();
        this.logger.warn({ connectionId: c.id }, 'realtime: slow consumer dropped');
      },
      () => this.metrics.messagesOut.inc(),
    );
    this.connections.add(connection);
    this.metrics.openSockets.inc();
    ws.on('pong', () => {
      connection.alive = true;
    });
    ws.on('message', (data, isBinary) => {
      connection.alive = true;
      connection.queue = connection.queue.then(() => this.onFrame(connection, data as Buffer, isBinary));
    });
    ws.on('close', () => this.release(connection));
    ws.on('error', () => this.release(connection));
    connection.send({
      type: 'welcome',
      protocol: REALTIME_PROTOCOL_VERSION,
      connectionId: connection.id,
      actor: actorOf(identity),
      heartbeatMs: this.settings.heartbeatMs,
      maxMessageBytes: this.settings.maxMessageBytes,
    });
  }

  private release(connection: Connection): void {
    if (!this.connections.delete(connection)) return;
    connection.closed = true;
    connection.clearTimers();
    this.metrics.openSockets.dec();
    for (const subscription of connection.subscriptions.values()) this.detach(subscription);
    connection.subscriptions.clear();
  }

  private detach(subscription: Subscription): void {
    this.metrics.subscriptions.dec();
    const channel = subscription.channel;
    if (!channel || !this.hub) return;
    this.hub.leave(channel, subscription);
    if (subscription.member) this.hub.removeMember(channel, subscription.member);
  }

  private async onFrame(connection: Connection, data: Buffer, isBinary: boolean): Promise<void> {
    if (connection.closed) return;
    let parsed: unknown;
    try {
      if (isBinary) throw new Error('binary');
      parsed = JSON.parse(data.toString('utf8'));
    } catch {
      this.metrics.messagesIn.inc({ type: 'invalid' });
      return this.invalid(connection, null, ErrorCode.MALFORMED_JSON, 'Frames are JSON text.');
    }
    const result = ClientMessageSchema.safeParse(parsed);
    if (!result.success) {
      this.metrics.messagesIn.inc({ type: 'invalid' });
      const id = typeof (parsed as { id?: unknown })?.id === 'string' ? String((parsed as { id: string }).id) : null;
      return this.invalid(connection, id, ErrorCode.VALIDATION_FAILED, 'The message does not match the protocol.', {
        errors: result.error.issues.map((i) => ({ field: i.path.join('.'), message: i.message, code: i.code })),
      });
    }
    connection.invalidInARow = 0;
    const command = result.data;
    this.metrics.messagesIn.inc({ type: command.type });
    try {
      await this.limit(connection);
      const answer = await this.dispatch(connection, command);
      if (answer) connection.send({ type: 'ack', id: command.id, result: answer });
    } catch (err) {
      this.sendError(connection, command.id, err, 'channel' in command ? command.channel : undefined);
    }
  }

  private invalid(
    connection: Connection,
    id: string | null,
    code: ErrorCode,
    detail: string,
    extra: { errors?: { field: string; message: string; code: string }[] } = {},
  ): void {
    connection.send({ type: 'error', id, code, title: titleOf(code), detail, ...extra });
    if (++connection.invalidInARow >= 20)
      connection.closeWith(RealtimeCloseCode.PROTOCOL_ABUSE, 'too many invalid frames');
  }

  private sendError(connection: Connection, id: string, err: unknown, channel?: string): void {
    if (err instanceof AppError) {
      const retryAfter = err.headers?.['retry-after'];
      connection.send({
        type: 'error',
        id,
        code: err.code,
        title: titleOf(err.code),
        detail: err.message,
        ...(retryAfter ? { retryAfter: Number(retryAfter) } : {}),
        // A refusal that ends at a known time (a chat mute) says when.
        ...(typeof (err as { until?: unknown }).until === 'string'
          ? { until: (err as unknown as { until: string }).until }
          : {}),
        ...(channel ? { channel } : {}),
        ...(err.errors ? { errors: err.errors.map(({ field, message, code }) => ({ field, message, code })) } : {}),
      });
      return;
    }
    this.logger.error({ err, connectionId: connection.id }, 'realtime command failed');
    connection.send({
      type: 'error',
      id,
      code: ErrorCode.INTERNAL_ERROR,
      title: titleOf(ErrorCode.INTERNAL_ERROR),
      detail: 'Something went wrong on our side.',
    });
  }

  /** Per identity and per IP, in the platform's counters (Redis when scaled out, so limits hold across processes). */
  private rateLimiter: RateLimiter | null = null;
  useRateLimiter(limiter: RateLimiter): void {
    this.rateLimiter = limiter;
  }

  private async limit(connection: Connection): Promise<void> {
    if (!this.rateLimiter) return;
    const who = principalOf(connection.identity) ?? `socket:${connection.id}`;
    const [mine, ip] = await Promise.all([
      this.rateLimiter.consume(`rt:cmd:${who}`, this.settings.commandLimit, 10),
      this.rateLimiter.consume(`rt:cmd:ip:${connection.identity.ip}`, this.settings.ipCommandLimit, 10),
    ]);
    const refused = !mine.allowed ? mine : !ip.allowed ? ip : null;
    if (refused) {
      this.metrics.rateLimited.inc();
      throw rateLimited(refused.retryAfter, 'Too many messages. Wait a moment.');
    }
  }

  private async dispatch(connection: Connection, command: ClientMessage): Promise<Record<string, unknown> | null> {
    switch (command.type) {
      case 'auth':
        return this.authenticate(connection, command.token);
      case 'subscribe':
        await this.subscribe(connection, command.id, command.channel, command.since);
        return null;
      case 'unsubscribe': {
        const subscription = connection.subscriptions.get(command.channel);
        if (!subscription) throw new AppError(ErrorCode.NOT_SUBSCRIBED, 409, 'Not subscribed to this channel.');
        connection.subscriptions.delete(command.channel);
        this.detach(subscription);
        return { channel: command.channel };
      }
      default: {
        const definition = this.commands.get(command.type);
        if (!definition) throw new AppError(ErrorCode.UNKNOWN_COMMAND, 400, `No module handles ${command.type} here.`);
        if (definition.requiresSubscription && 'channel' in command && !connection.subscriptions.has(command.channel)) {
          throw new AppError(ErrorCode.NOT_SUBSCRIBED, 409, 'Subscribe to the channel first.');
        }
        return definition.handler(
          {
            identity: connection.identity,
            connectionId: connection.id,
            isSubscribed: (channel) => connection.subscriptions.has(channel),
          },
          command,
        );
      }
    }
  }

  private async authenticate(connection: Connection, token: string): Promise<Record<string, unknown>> {
    const found = await this.access.authenticate(token);
    if (!found)
      throw new AppError(ErrorCode.INVALID_TOKEN, 401, 'The access token or API key is not valid or has expired.');
    const current = connection.identity.actor;
    if (
      current.kind !== 'anonymous' &&
      principalOf({ ...connection.identity, actor: current }) !==
        principalOf({ ...connection.identity, actor: found.actor })
    ) {
      throw new AppError(ErrorCode.FORBIDDEN, 403, 'A socket keeps one identity; open another socket to change it.');
    }
    connection.identity.actor = found.actor;
    connection.clearTimers();
    connection.expiresAt = found.expiresAt;
    if (found.expiresAt) {
      const left = found.expiresAt.getTime() - Date.now();
      const warnBefore = Math.min(60_000, left / 4);
      connection.timers.push(
        setTimeout(
          () => connection.send({ type: 'auth_expiring', expiresAt: found.expiresAt!.toISOString() }),
          left - warnBefore,
        ),
        setTimeout(() => connection.closeWith(RealtimeCloseCode.AUTH_EXPIRED, ErrorCode.AUTH_EXPIRED), left),
      );
    }
    return { actor: actorOf(connection.identity), expiresAt: found.expiresAt?.toISOString() ?? null };
  }

  private async authorizeChannel(identity: SocketIdentity, kind: ChannelKind, id: string): Promise<void> {
    let decision: string;
    if (kind.access === 'self') {
      decision =
        identity.actor.kind === 'anonymous'
          ? 'unauthenticated'
          : identity.actor.kind === 'user' && identity.actor.userId === id
            ? 'allow'
            : 'hidden';
    } else {
      const eventId = kind.access.eventId ? await kind.access.eventId(id) : undefined;
      const organizationId = kind.access.organizationId ? await kind.access.organizationId(id) : undefined;
      decision =
        eventId === null || organizationId === null
          ? 'not_found'
          : await this.access.authorize(identity.actor, kind.access.action, {
              ...(eventId ? { eventId } : {}),
              ...(organizationId ? { organizationId } : {}),
            });
    }
    if (decision === 'allow' && kind.admit && !(await kind.admit(identity, id))) decision = 'forbidden';
    switch (decision) {
      case 'allow':
        return;
      case 'unauthenticated':
        throw new AppError(ErrorCode.UNAUTHENTICATED, 401, 'Sign in (send `auth`) to subscribe to this channel.');
      case 'forbidden':
        throw new AppError(ErrorCode.FORBIDDEN, 403, 'You may not subscribe to this channel.');
      default:
        throw new AppError(ErrorCode.NOT_FOUND, 404, 'No such channel.');
    }
  }

  private async subscribe(connection: Connection, commandId: string, name: string, since?: number): Promise<void> {
    const hub = this.hub;
    if (!hub) throw new AppError(ErrorCode.SERVICE_UNAVAILABLE, 503, 'The gateway is starting.');
    const resolved = this.kinds.resolve(name);
    if (!resolved) throw new AppError(ErrorCode.UNKNOWN_CHANNEL, 404, 'No such kind of channel.');
    const { kind, id } = resolved;
    const previous = connection.subscriptions.get(name);
    if (!previous && connection.subscriptions.size >= this.settings.maxSubscriptions) {
      throw new AppError(
        ErrorCode.TOO_MANY_SUBSCRIPTIONS,
        409,
        `At most ${this.settings.maxSubscriptions} channels per socket.`,
      );
    }
    await this.authorizeChannel(connection.identity, kind, id);
    if (previous) {
      connection.subscriptions.delete(name);
      this.detach(previous);
    }
    const subscription = new Subscription(connection, name);
    connection.subscriptions.set(name, subscription);
    this.metrics.subscriptions.inc();
    const { channel, head } = await hub.join(name, kind, id, subscription);
    subscription.channel = channel;
    if (connection.closed || connection.subscriptions.get(name) !== subscription) {
      hub.leave(channel, subscription);
      return;
    }
    let replayed = 0;
    let resynced = false;
    if (since === undefined) {
      subscription.lastSent = head;
    } else {
      const frames =
        since > head || head - since > this.settings.replayLimit
          ? null
          : since === head
            ? []
            : await hub.replay(channel, since, head - since);
      const complete = frames !== null && (frames.length === 0 ? since === head : frames.at(-1)!.seq >= head);
      this.metrics.replayRequests.inc({ outcome: complete ? 'replayed' : 'resync' });
      if (complete) {
        subscription.lastSent = since;
        for (const frame of frames!) {
          if (frame.seq <= subscription.lastSent || frame.seq > head) continue;
          subscription.lastSent = frame.seq;
          connection.sendBytes(frame.frame);
          replayed++;
        }
      } else {
        resynced = true;
        subscription.lastSent = head;
        connection.send({
          type: 'resync',
          channel: name,
          seq: head,
          reason: since <= head && head - since > this.settings.replayLimit ? 'too_far_behind' : 'replay_unavailable',
        });
      }
    }
    connection.send({ type: 'ack', id: commandId, result: { channel: name, seq: head, replayed, resynced } });
    subscription.goLive();
    const member = kind.presence?.(connection.identity);
    if (member) {
      subscription.member = member.id;
      hub.addMember(channel, member);
    }
    if (kind.presence) {
      const total = await hub.presenceOf(channel).catch(() => null);
      if (total && !connection.closed) connection.send({ type: 'presence', channel: name, ...total });
    }
  }

  /**
   * Pings every socket (closing those that did not answer the last ping),
   * a slice at a time: one loop over 10,000 sockets held the event loop for
   * over half a second, and every chat message waited behind it.
   */
  private beat(): void {
    const connections = [...this.connections];
    const slice = (from: number) => {
      const to = Math.min(from + HEARTBEAT_SLICE, connections.length);
      for (let i = from; i < to; i++) this.ping(connections[i]!);
      if (to < connections.length) setImmediate(slice, to);
    };
    slice(0);
  }

  private ping(connection: Connection): void {
    if (connection.closed) return;
    if (!connection.alive) {
      this.metrics.heartbeatTimeouts.inc();
      connection.closed = true;
      connection.ws.close(RealtimeCloseCode.HEARTBEAT_TIMEOUT, 'heartbeat timeout');
      setTimeout(() => connection.ws.terminate(), 1000).unref();
      return;
    }
    connection.alive = false;
    connection.ws.ping();
  }

  /**
   * Ends the subscriptions to `channel` of this process's sockets that `who`
   * matches (a member removed from a conversation, a banned participant):
   * each gets an `error` with `id: null` naming the channel, and nothing
   * more of it. Modules reach every process through pub/sub. Answers how
   * many subscriptions ended.
   */
  revoke(channel: string, who: (identity: SocketIdentity) => boolean, code: ErrorCode, detail: string): number {
    let ended = 0;
    for (const connection of this.connections) {
      const subscription = connection.subscriptions.get(channel);
      if (!subscription || !who(connection.identity)) continue;
      connection.subscriptions.delete(channel);
      this.detach(subscription);
      connection.send({ type: 'error', id: null, code, title: titleOf(code), detail, channel });
      ended++;
    }
    return ended;
  }

  /** Closes every socket with 1001 (going away) so clients reconnect to another process. */
  async closeSockets(): Promise<void> {
    for (const connection of this.connections)
      connection.closeWith(RealtimeCloseCode.GOING_AWAY, 'server shutting down');
  }

  async stop(): Promise<void> {
    if (this.heartbeat) clearInterval(this.heartbeat);
    for (const connection of this.connections) connection.ws.terminate();
    this.hub?.close();
    await this.backplane?.close();
  }
}

function principalOf(identity: SocketIdentity): string | null {
  const actor: Actor = identity.actor;
  if (actor.kind === 'user') return `user:${actor.userId}`;
  if (actor.kind === 'apiKey') return `key:${actor.apiKeyId}`;
  if (identity.guest) return `guest:${identity.guest.id}`;
  return null;
}

function actorOf(identity: SocketIdentity): RealtimeActor {
  const actor = identity.actor;
  if (actor.kind === 'user') return { kind: 'user', id: actor.userId, name: null };
  if (actor.kind === 'apiKey') return { kind: 'apiKey', id: actor.apiKeyId, name: null };
  if (identity.guest) return { kind: 'guest', id: identity.guest.id, name: identity.guest.name };
  return { kind: 'anonymous', id: null, name: null };
}
