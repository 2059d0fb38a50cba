import { ErrorCode } from '@foyer/contracts';
import type { Platform } from '../../platform/platform.ts';
import type { SocketIdentity } from '../../platform/realtime/channel-kinds.ts';
import type { ChatAccess } from './chat-access.ts';
import type { ChatChannelsService, Revoker } from './chat-channels-service.ts';
import type { ChatGuests } from './chat-guests.ts';
import { ChatLogStore } from './chat-log.ts';
import type { ChatMessagesService } from './chat-messages-service.ts';

const REVOKE_TOPIC = 'chat.revoke';

/** The channel id of `room:{id}` or `conversation:{id}`. */
const idOf = (channel: string) => channel.slice(channel.indexOf(':') + 1);

/**
 * Ends a user's subscriptions to a chat channel in every process: published
 * on pub/sub, and each process's gateway drops its own sockets' ones.
 */
export function chatRevoker(platform: Platform): Revoker {
  return async (channel, participantId, reason, kind = 'user') => {
    await platform.pubsub.publish(REVOKE_TOPIC, { channel, userId: participantId, reason, kind });
  };
}

/** Names of signed-in users, learnt when they subscribe, for presence lists (which are synchronous). */
class PresenceNames {
  private readonly names = new Map<string, string>();
  set(userId: string, name: string): void {
    if (this.names.size > 10_000) this.names.clear();
    this.names.set(userId, name);
  }
  get(userId: string): string {
    return this.names.get(userId) ?? '';
  }
}

/**
 * Plugs chat into the realtime gateway: the `room` and `conversation`
 * channel kinds (their access decisions, and their durable replay from the
 * chat log in PostgreSQL) and the `chat.*` commands.
 */
export function defineChatRealtime(
  platform: Platform,
  s: {
    chatAccess: ChatAccess;
    chatChannels: ChatChannelsService;
    chatMessages: ChatMessagesService;
    chatGuests: ChatGuests;
  },
): void {
  const gateway = platform.realtime;
  // A stage guest's socket carries its identity from the upgrade request's cookie (browsers send it).
  gateway.identifyGuests((request) => s.chatGuests.fromCookieHeader(request.headers.cookie));
  const { db } = platform.database;
  const names = new PresenceNames();
  const notBanned = async (who: SocketIdentity, id: string) => {
    const participantId = who.actor.kind === 'user' ? who.actor.userId : who.guest?.id;
    if (!participantId || who.actor.kind === 'apiKey') return true;
    const eventId = await s.chatChannels.eventIdOf(id);
    if (!eventId || (await s.chatAccess.banOf(eventId, participantId))) return false;
    if (who.actor.kind !== 'user') return true;
    const participant = await s.chatAccess.participantOf(who.actor).catch(() => null);
    if (participant) names.set(participant.id, participant.name);
    return true;
  };
  gateway.defineChannel({
    kind: 'room',
    description: 'The chat of the stage or a room of an event: messages, edits, reactions, moderation; presence.',
    // Whoever may see the event may read its rooms (the public for a published public event).
    access: { action: 'event.view', eventId: (id) => s.chatChannels.eventIdOf(id, ['stage', 'room']) },
    admit: notBanned,
    store: new ChatLogStore(db, ['stage', 'room']),
    // Everyone watching counts: accounts and guests once each, anonymous viewers by socket (unnamed, not listed).
    presence: (who) =>
      who.actor.kind === 'user'
        ? { id: who.actor.userId, name: names.get(who.actor.userId) }
        : who.guest
          ? { id: who.guest.id, name: who.guest.name }
          : who.actor.kind === 'anonymous'
            ? { id: `viewer:${who.socketId}`, name: '' }
            : null,
  });
  gateway.defineChannel({
    kind: 'conversation',
    description: 'A group or direct conversation of an event: its members only.',
    access: { action: 'event.view', eventId: (id) => s.chatChannels.eventIdOf(id, ['group', 'direct']) },
    admit: async (who, id) => who.actor.kind === 'user' && (await s.chatAccess.isMember(id, who.actor.userId)),
    store: new ChatLogStore(db, ['group', 'direct']),
  });

  const caller = (identity: SocketIdentity) => ({
    actor: identity.actor,
    meta: { ip: identity.ip, userAgent: null },
    guest: identity.actor.kind === 'anonymous' ? identity.guest : null,
  });
  gateway.command('chat.send', {
    description: 'Post a message.',
    requiresSubscription: true,
    handler: async ({ identity }, command) => ({
      message: await s.chatMessages.send(caller(identity), idOf(command.channel), {
        text: command.text,
        replyTo: command.replyTo,
      }),
    }),
  });
  gateway.command('chat.edit', {
    description: 'Edit one of your messages.',
    requiresSubscription: true,
    handler: async ({ identity }, command) => ({
      message: await s.chatMessages.edit(
        caller(identity),
        command.messageId,
        { text: command.text },
        idOf(command.channel),
      ),
    }),
  });
  gateway.command('chat.delete', {
    description: 'Delete a message (yours, or any as a moderator).',
    requiresSubscription: true,
    handler: async ({ identity }, command) => ({
      message: await s.chatMessages.delete(caller(identity), command.messageId, idOf(command.channel)),
    }),
  });
  gateway.command('chat.react', {
    description: 'Add or remove a reaction.',
    requiresSubscription: true,
    handler: async ({ identity }, command) => ({
      message: await s.chatMessages.react(
        caller(identity),
        command.messageId,
        { emoji: command.emoji, on: command.on },
        idOf(command.channel),
      ),
    }),
  });

  void platform.pubsub
    .subscribe(REVOKE_TOPIC, (message) => {
      const { channel, userId, reason, kind } = message as {
        channel: string;
        userId: string;
        reason: string;
        kind?: 'user' | 'guest';
      };
      gateway.revoke(
        channel,
        (who) =>
          kind === 'guest'
            ? who.actor.kind === 'anonymous' && who.guest?.id === userId
            : who.actor.kind === 'user' && who.actor.userId === userId,
        reason === 'banned' ? ErrorCode.CHAT_BANNED : ErrorCode.FORBIDDEN,
        reason === 'banned' ? 'You are banned from this event’s chats.' : 'You are no longer in this conversation.',
      );
    })
    .catch((err) => platform.logger.error({ err }, 'chat: could not listen for revocations'));
}
