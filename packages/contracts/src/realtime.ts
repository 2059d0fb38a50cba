import { z } from 'zod';
import { CHAT_MESSAGE_MAX_LENGTH, ChatMessage, ChatModerationNotice } from './chat.ts';
import { ErrorCode } from './errors.ts';

/**
 * The real-time protocol of `GET /api/v1/realtime`: JSON text frames, each
 * one of the messages below, told apart by `type`. Client commands carry an
 * `id` that the server's `ack` or `error` echoes. The AsyncAPI document at
 * `/api/v1/asyncapi.json` is generated from these schemas.
 */
export const REALTIME_PROTOCOL_VERSION = 1;
export const REALTIME_PATH = '/api/v1/realtime';
export const ASYNCAPI_PATH = '/api/v1/asyncapi.json';

/** Close codes the server uses; anything else is a transport failure (1006) or a normal close. */
export const RealtimeCloseCode = {
  /** The server is shutting down; reconnect (to another process). */
  GOING_AWAY: 1001,
  /** A frame larger than the limit announced in `welcome.maxMessageBytes`. */
  MESSAGE_TOO_BIG: 1009,
  /** The access token expired without an `auth` renewal. Sign in again, then reconnect. */
  AUTH_EXPIRED: 4001,
  /** The browser's Origin is not allowed to open sockets here. */
  ORIGIN_NOT_ALLOWED: 4003,
  /** No pong to the server's pings: the connection was dead. */
  HEARTBEAT_TIMEOUT: 4004,
  /** The client read too slowly and its send buffer filled up. Reconnect and resume. */
  SLOW_CONSUMER: 4008,
  /** Too many invalid frames in a row. */
  PROTOCOL_ABUSE: 4009,
} as const;
export type RealtimeCloseCode = (typeof RealtimeCloseCode)[keyof typeof RealtimeCloseCode];

/** `kind:id`. Kinds are declared by modules (`event`, `room`, `conversation`, `user`, …). */
export const ChannelName = z
  .string()
  .max(200)
  .regex(/^[a-z][a-z0-9_-]{0,31}:[A-Za-z0-9_.:-]{1,160}$/, 'must be kind:id, e.g. room:3f2a…');
export type ChannelName = z.infer<typeof ChannelName>;

const commandId = z.string().min(1).max(64).describe('Chosen by the client; echoed by the ack or error.');

// ----- client → server ---------------------------------------------------

export const AuthCommand = z
  .object({
    type: z.literal('auth'),
    id: commandId,
    /** An access token (JWT) or an API key (`fyr_…`). Send again with a fresh token before `expiresAt` to renew. */
    token: z.string().min(1).max(4096),
  })
  .describe('Authenticate the socket, or renew its authentication before it expires.');

export const SubscribeCommand = z
  .object({
    type: z.literal('subscribe'),
    id: commandId,
    channel: ChannelName,
    /** The last sequence number seen on this channel: every later message is sent first, then live ones. */
    since: z.number().int().min(0).optional(),
  })
  .describe('Start receiving a channel, resuming after `since` when given.');

export const UnsubscribeCommand = z
  .object({ type: z.literal('unsubscribe'), id: commandId, channel: ChannelName })
  .describe('Stop receiving a channel.');

export const PingCommand = z
  .object({ type: z.literal('ping'), id: commandId })
  .describe('Application-level liveness check (browsers cannot send ping frames); answered with an ack.');

const chatText = z.string().trim().min(1).max(CHAT_MESSAGE_MAX_LENGTH);

export const ChatSendCommand = z
  .object({
    type: z.literal('chat.send'),
    id: commandId,
    channel: ChannelName,
    text: chatText,
    replyTo: z.uuid().optional(),
  })
  .describe('Post a message to a chat channel; the ack carries the stored message.');

export const ChatEditCommand = z
  .object({ type: z.literal('chat.edit'), id: commandId, channel: ChannelName, messageId: z.uuid(), text: chatText })
  .describe('Edit one of your own messages.');

export const ChatDeleteCommand = z
  .object({ type: z.literal('chat.delete'), id: commandId, channel: ChannelName, messageId: z.uuid() })
  .describe('Delete one of your own messages (organizers: any message).');

export const ChatReactCommand = z
  .object({
    type: z.literal('chat.react'),
    id: commandId,
    channel: ChannelName,
    messageId: z.uuid(),
    emoji: z.string().min(1).max(16),
    on: z.boolean(),
  })
  .describe('Add or remove your reaction to a message.');

export const ClientMessage = z.discriminatedUnion('type', [
  AuthCommand,
  SubscribeCommand,
  UnsubscribeCommand,
  PingCommand,
  ChatSendCommand,
  ChatEditCommand,
  ChatDeleteCommand,
  ChatReactCommand,
]);
export type ClientMessage = z.infer<typeof ClientMessage>;
export type ClientCommandType = ClientMessage['type'];

// ----- server → client ---------------------------------------------------

export const RealtimeActor = z.object({
  kind: z.enum(['anonymous', 'user', 'apiKey', 'guest']),
  /** User id, API key id or guest id. */
  id: z.string().nullable(),
  name: z.string().nullable(),
});
export type RealtimeActor = z.infer<typeof RealtimeActor>;

export const WelcomeMessage = z
  .object({
    type: z.literal('welcome'),
    protocol: z.literal(REALTIME_PROTOCOL_VERSION),
    connectionId: z.string(),
    /** Who the socket is: anonymous, or a stage guest known from its cookie, until an `auth`. */
    actor: RealtimeActor,
    heartbeatMs: z.number().int(),
    maxMessageBytes: z.number().int(),
  })
  .describe('First frame on every socket.');

export const AckMessage = z
  .object({
    type: z.literal('ack'),
    id: z.string(),
    /** Command-specific: `auth` → `{actor, expiresAt}`, `subscribe` → `{channel, seq}`, `chat.send` → `{message}`. */
    result: z.record(z.string(), z.unknown()),
  })
  .describe('A command succeeded.');

export const ErrorMessage = z
  .object({
    type: z.literal('error'),
    /**
     * The command's id, or null when the frame could not be read as a command — or when the
     * server ends a subscription on its own (e.g. removed from a conversation, banned): then
     * `channel` names it and nothing more of it is sent.
     */
    id: z.string().nullable(),
    code: z.enum(Object.values(ErrorCode) as [ErrorCode, ...ErrorCode[]]),
    title: z.string(),
    detail: z.string(),
    /** Seconds to wait before trying again (RATE_LIMITED, CHAT_SLOW_MODE, CHAT_MUTED). */
    retryAfter: z.number().int().optional(),
    /** When a refusal ends (CHAT_MUTED: the end of the mute). */
    until: z.string().optional(),
    channel: z.string().optional(),
    errors: z.array(z.object({ field: z.string(), message: z.string(), code: z.string() })).optional(),
  })
  .describe('A command failed; the code is stable (the same codes as the HTTP API).');

export const ChannelMessage = z
  .object({
    type: z.literal('message'),
    channel: z.string(),
    /** 1, 2, 3 … per channel, without gaps; resume with `subscribe {since: seq}`. */
    seq: z.number().int(),
    /** What happened, e.g. `chat.message`, `chat.message_updated`, `chat.message_deleted`, `chat.moderation`, `event.changed`. */
    event: z.string(),
    data: z.unknown(),
    at: z.string(),
  })
  .describe('Something happened on a subscribed channel.');

export const ResyncMessage = z
  .object({
    type: z.literal('resync'),
    channel: z.string(),
    /** The channel's current sequence number: refetch its state (e.g. chat history), then continue from here. */
    seq: z.number().int(),
    reason: z.enum(['too_far_behind', 'replay_unavailable', 'buffer_overflow']),
  })
  .describe('The missed messages cannot be replayed; refetch the channel state over HTTP.');

export const PresenceMessage = z
  .object({
    type: z.literal('presence'),
    channel: z.string(),
    /** People present across every process (a person on two processes counts twice). */
    count: z.number().int(),
    /** Up to 100 of them, for small rooms. */
    members: z.array(z.object({ id: z.string(), name: z.string() })),
  })
  .describe('Who is on a channel with presence, sent on subscribe and when it changes.');

export const AuthExpiringMessage = z
  .object({ type: z.literal('auth_expiring'), expiresAt: z.string() })
  .describe('The authentication expires soon: send `auth` with a fresh token.');

export const ByeMessage = z
  .object({ type: z.literal('bye'), code: z.number().int(), reason: z.string() })
  .describe('Sent just before the server closes the socket with `code`.');

export const ServerMessage = z.discriminatedUnion('type', [
  WelcomeMessage,
  AckMessage,
  ErrorMessage,
  ChannelMessage,
  ResyncMessage,
  PresenceMessage,
  AuthExpiringMessage,
  ByeMessage,
]);
export type ServerMessage = z.infer<typeof ServerMessage>;
export type ServerMessageType = ServerMessage['type'];

/** Payloads of channel messages whose `event` is known, for documentation and typed clients. */
export const ChannelEventPayloads = {
  'chat.message': ChatMessage,
  'chat.message_updated': ChatMessage,
  'chat.message_deleted': ChatMessage,
  'chat.moderation': ChatModerationNotice,
  'chat.members': z.object({ channelId: z.uuid(), memberIds: z.array(z.uuid()) }),
  'event.changed': z.object({ eventId: z.uuid(), what: z.string() }),
  'user.notice': z.object({ kind: z.string(), text: z.string() }),
} as const;

// ----- AsyncAPI ----------------------------------------------------------

function jsonSchemaOf(schema: z.ZodType): Record<string, unknown> {
  const json = z.toJSONSchema(schema, { target: 'draft-7', unrepresentable: 'any', io: 'input' }) as Record<
    string,
    unknown
  >;
  delete json.$schema;
  return json;
}

const clientMessages: Record<ClientCommandType, z.ZodObject> = {
  auth: AuthCommand,
  subscribe: SubscribeCommand,
  unsubscribe: UnsubscribeCommand,
  ping: PingCommand,
  'chat.send': ChatSendCommand,
  'chat.edit': ChatEditCommand,
  'chat.delete': ChatDeleteCommand,
  'chat.react': ChatReactCommand,
};
const serverMessages: Record<ServerMessageType, z.ZodObject> = {
  welcome: WelcomeMessage,
  ack: AckMessage,
  error: ErrorMessage,
  message: ChannelMessage,
  resync: ResyncMessage,
  presence: PresenceMessage,
  auth_expiring: AuthExpiringMessage,
  bye: ByeMessage,
};

/** The message names used in the AsyncAPI document: `client.<type>` and `server.<type>` with dots as `_`. */
export const asyncApiMessageName = (side: 'client' | 'server', type: string) => `${side}_${type.replaceAll('.', '_')}`;

/** Every message type of the protocol, by direction (for tests and docs). */
export const REALTIME_MESSAGE_TYPES = {
  client: Object.keys(clientMessages) as ClientCommandType[],
  server: Object.keys(serverMessages) as ServerMessageType[],
};

/** The AsyncAPI 3.0 document of the protocol, generated from the schemas above. */
export function asyncApiDocument(options: { version: string; publicUrl: string }): Record<string, unknown> {
  const url = new URL(options.publicUrl);
  const messages: Record<string, unknown> = {};
  const channelMessages: Record<string, unknown> = {};
  const operations: Record<string, unknown> = {};
  const add = (side: 'client' | 'server', type: string, schema: z.ZodObject) => {
    const name = asyncApiMessageName(side, type);
    messages[name] = {
      name: type,
      title: type,
      summary: schema.description ?? type,
      contentType: 'application/json',
      payload: jsonSchemaOf(schema),
    };
    channelMessages[name] = { $ref: `#/components/messages/${name}` };
    operations[side === 'client' ? `receive_${name}` : `send_${name}`] = {
      // From the server's point of view: it receives client commands and sends the rest.
      action: side === 'client' ? 'receive' : 'send',
      channel: { $ref: '#/channels/realtime' },
      summary: schema.description ?? type,
      messages: [{ $ref: `#/channels/realtime/messages/${name}` }],
    };
  };
  for (const [type, schema] of Object.entries(clientMessages)) add('client', type, schema);
  for (const [type, schema] of Object.entries(serverMessages)) add('server', type, schema);
  const payloads: Record<string, unknown> = {};
  for (const [event, schema] of Object.entries(ChannelEventPayloads))
    payloads[event.replaceAll('.', '_')] = jsonSchemaOf(schema);
  return {
    asyncapi: '3.0.0',
    info: {
      title: 'Foyer real-time API',
      version: options.version,
      description: [
        'One WebSocket per client at `/api/v1/realtime`, JSON text frames told apart by `type`.',
        'Authenticate with an `auth` message (never a token in the URL); subscribe to channels `kind:id`;',
        'every channel message has a per-channel sequence number, and `subscribe {since}` resumes without loss or duplicates.',
        `Close codes: ${Object.entries(RealtimeCloseCode)
          .map(([k, v]) => `${v} ${k}`)
          .join(', ')}.`,
      ].join(' '),
      license: { name: 'AGPL-3.0-or-later' },
    },
    defaultContentType: 'application/json',
    servers: {
      foyer: {
        host: url.host,
        protocol: url.protocol === 'https:' ? 'wss' : 'ws',
        pathname: REALTIME_PATH,
        description: 'The Foyer instance that served this document.',
      },
    },
    channels: {
      realtime: {
        address: REALTIME_PATH,
        title: 'Realtime socket',
        description:
          'Every frame in both directions. Channel messages (`server_message`) carry an `event` whose payloads are in components.schemas.',
        messages: channelMessages,
      },
    },
    operations,
    components: { messages, schemas: payloads },
  };
}
