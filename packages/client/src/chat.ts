import {
  type BanBody,
  type ChannelSettingsBody,
  ChatChannel,
  type ChatChannelKind,
  ChatConversation,
  ChatGuest,
  ChatGuestAnswer,
  ChatHistoryPage,
  ChatMessage,
  ChatModerationNotice,
  ChatPushEvent,
  ChatSanction,
  type CreateChatChannelBody,
  type CreateConversationBody,
  type MuteBody,
} from '@foyer/contracts';
import type { z } from 'zod';
import { Emitter } from './emitter.ts';
import { type HttpOptions, itemsOf, request } from './http.ts';
import type { RealtimeChannel, RealtimeClient } from './realtime.ts';

const V1 = '/api/v1';
const id = encodeURIComponent;

export interface ChatHistoryFilter {
  cursor?: string;
  limit?: number;
  sinceSeq?: number;
  since?: string;
  thread?: string;
}

/** Chat over HTTP: channels, conversations, history, messages and moderation. */
export function chatApi(options: HttpOptions) {
  return {
    rooms: (eventId: string) =>
      request(options, `${V1}/events/${id(eventId)}/chat/channels`, { schema: itemsOf(ChatChannel) }),
    createRoom: (eventId: string, body: z.input<typeof CreateChatChannelBody>) =>
      request(options, `${V1}/events/${id(eventId)}/chat/channels`, { method: 'POST', body, schema: ChatChannel }),
    channel: (channelId: string) =>
      request(options, `${V1}/chat/channels/${id(channelId)}`, { schema: ChatConversation.or(ChatChannel) }),
    updateSettings: (channelId: string, body: z.input<typeof ChannelSettingsBody>) =>
      request(options, `${V1}/chat/channels/${id(channelId)}`, { method: 'PATCH', body, schema: ChatChannel }),
    conversations: (eventId: string) =>
      request(options, `${V1}/events/${id(eventId)}/chat/conversations`, { schema: itemsOf(ChatConversation) }),
    startConversation: (eventId: string, body: z.input<typeof CreateConversationBody>) =>
      request(options, `${V1}/events/${id(eventId)}/chat/conversations`, {
        method: 'POST',
        body,
        schema: ChatConversation,
      }),
    invite: (channelId: string, userIds: string[]) =>
      request(options, `${V1}/chat/channels/${id(channelId)}/members`, {
        method: 'POST',
        body: { userIds },
        schema: ChatConversation,
      }),
    /** Leave (your own id) or remove someone. */
    removeMember: (channelId: string, userId: string) =>
      request(options, `${V1}/chat/channels/${id(channelId)}/members/${id(userId)}`, {
        method: 'DELETE',
        schema: null,
      }),
    history: (channelId: string, filter: ChatHistoryFilter = {}) =>
      request(options, `${V1}/chat/channels/${id(channelId)}/messages`, {
        query: { ...filter },
        schema: ChatHistoryPage,
      }),
    send: (channelId: string, text: string, replyTo?: string) =>
      request(options, `${V1}/chat/channels/${id(channelId)}/messages`, {
        method: 'POST',
        body: { text, ...(replyTo ? { replyTo } : {}) },
        schema: ChatMessage,
      }),
    edit: (messageId: string, text: string) =>
      request(options, `${V1}/chat/messages/${id(messageId)}`, {
        method: 'PATCH',
        body: { text },
        schema: ChatMessage,
      }),
    remove: (messageId: string) =>
      request(options, `${V1}/chat/messages/${id(messageId)}`, { method: 'DELETE', schema: ChatMessage }),
    react: (messageId: string, emoji: string, on: boolean) =>
      request(options, `${V1}/chat/messages/${id(messageId)}/reactions`, {
        method: 'POST',
        body: { emoji, on },
        schema: ChatMessage,
      }),
    /** Chat as a stage guest under `name` (the answer sets the httpOnly guest cookie; reconnect the socket after). */
    joinAsGuest: (eventId: string, name: string) =>
      request(options, `${V1}/events/${id(eventId)}/chat/guests`, {
        method: 'POST',
        body: { name },
        schema: ChatGuest,
        anonymous: true,
      }),
    /** The guest identity this browser holds for the event, or null. */
    guest: (eventId: string) =>
      request(options, `${V1}/events/${id(eventId)}/chat/guests/me`, {
        schema: ChatGuestAnswer,
        anonymous: true,
      }).then((r) => r.guest),
    forgetGuest: (eventId: string) =>
      request(options, `${V1}/events/${id(eventId)}/chat/guests/me`, {
        method: 'DELETE',
        schema: null,
        anonymous: true,
      }),
    sanctions: (eventId: string) =>
      request(options, `${V1}/events/${id(eventId)}/chat/sanctions`, { schema: itemsOf(ChatSanction) }),
    mute: (eventId: string, body: z.input<typeof MuteBody>) =>
      request(options, `${V1}/events/${id(eventId)}/chat/mutes`, { method: 'POST', body, schema: ChatSanction }),
    ban: (eventId: string, body: z.input<typeof BanBody>) =>
      request(options, `${V1}/events/${id(eventId)}/chat/bans`, { method: 'POST', body, schema: ChatSanction }),
    lift: (eventId: string, sanctionId: string) =>
      request(options, `${V1}/events/${id(eventId)}/chat/sanctions/${id(sanctionId)}`, {
        method: 'DELETE',
        schema: null,
      }),
  };
}

type ChatEvents = {
  /** A new message, once each, in order (also those replayed after a reconnect). */
  message: [ChatMessage];
  /** Edited, or its reactions changed. */
  updated: [ChatMessage];
  deleted: [ChatMessage];
  moderation: [ChatModerationNotice];
  members: [{ channelId: string; memberIds: string[] }];
  /** Too far behind to replay: refetch the history over HTTP. */
  resync: [{ seq: number }];
};

/** The realtime channel of a chat channel. */
export function chatRealtimeChannel(kind: ChatChannelKind, channelId: string): string {
  return `${kind === 'stage' || kind === 'room' ? 'room' : 'conversation'}:${channelId}`;
}

/**
 * One chat channel over the realtime socket: typed pushes (parsed with the
 * contracts) that survive reconnects without loss or duplicates, and the
 * `chat.*` commands, each resolving with the stored message.
 */
export class ChatRoom extends Emitter<ChatEvents> {
  readonly channel: RealtimeChannel;

  constructor(
    private readonly client: RealtimeClient,
    readonly name: string,
    options: { since?: number } = {},
  ) {
    super();
    this.channel = client.subscribe(name, options);
    this.channel.on('message', (frame) => {
      switch (frame.event) {
        case ChatPushEvent.MESSAGE:
          this.emit('message', ChatMessage.parse(frame.data));
          return;
        case ChatPushEvent.MESSAGE_UPDATED:
          this.emit('updated', ChatMessage.parse(frame.data));
          return;
        case ChatPushEvent.MESSAGE_DELETED:
          this.emit('deleted', ChatMessage.parse(frame.data));
          return;
        case ChatPushEvent.MODERATION:
          this.emit('moderation', ChatModerationNotice.parse(frame.data));
          return;
        case ChatPushEvent.MEMBERS:
          this.emit('members', frame.data as { channelId: string; memberIds: string[] });
      }
    });
    this.channel.on('resync', (frame) => this.emit('resync', { seq: frame.seq }));
  }

  async send(text: string, replyTo?: string): Promise<ChatMessage> {
    return this.message(
      await this.client.command({ type: 'chat.send', channel: this.name, text, ...(replyTo ? { replyTo } : {}) }),
    );
  }

  async edit(messageId: string, text: string): Promise<ChatMessage> {
    return this.message(await this.client.command({ type: 'chat.edit', channel: this.name, messageId, text }));
  }

  async delete(messageId: string): Promise<ChatMessage> {
    return this.message(await this.client.command({ type: 'chat.delete', channel: this.name, messageId }));
  }

  async react(messageId: string, emoji: string, on = true): Promise<ChatMessage> {
    return this.message(await this.client.command({ type: 'chat.react', channel: this.name, messageId, emoji, on }));
  }

  leave(): void {
    this.client.unsubscribe(this.name);
  }

  private message(result: Record<string, unknown>): ChatMessage {
    return ChatMessage.parse(result.message);
  }
}
