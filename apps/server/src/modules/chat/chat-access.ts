import { ErrorCode } from '@foyer/contracts';
import { and, eq, gt, isNull, or } from 'drizzle-orm';
import type { AccessControl } from '../../platform/auth/access-control.ts';
import type { Actor } from '../../platform/auth/actor.ts';
import type { Db, Executor } from '../../platform/db/database.ts';
import { AppError } from '../../platform/http/problem.ts';
import { users } from '../identity/index.ts';
import { ChatRefusal, noSuchChannel } from './chat-errors.ts';
import type { ChatGuest } from './chat-guests.ts';
import type { ChannelRow } from './chat-log.ts';
import { chatChannels, chatMembers, chatSanctions } from './schema.ts';

/** Who writes or reacts: an account, or a stage guest where the channel takes guests. */
export interface ChatParticipant {
  kind: 'user' | 'guest';
  id: string;
  name: string;
}

/**
 * The chat's access decisions beyond the gate: who a caller is as a
 * participant, whether they moderate the event (the policy's `event.manage`,
 * the same rule as every organizer route), conversation membership, and
 * mutes and bans.
 */
export class ChatAccess {
  constructor(
    private readonly db: Db,
    private readonly access: AccessControl,
  ) {}

  /**
   * The participant an actor writes as in `channel`: a signed-in account;
   * an anonymous caller with a guest identity of the channel's event where
   * the channel takes guests; anyone else must sign in. API keys cannot chat.
   */
  async participantOf(actor: Actor, guest?: ChatGuest | null, channel?: ChannelRow): Promise<ChatParticipant> {
    if (actor.kind === 'anonymous') {
      if (guest && channel && guest.eventId === channel.eventId) {
        if (channel.guestsAllowed && (channel.kind === 'stage' || channel.kind === 'room'))
          return { kind: 'guest', id: guest.id, name: guest.name };
        throw new AppError(ErrorCode.GUESTS_NOT_ALLOWED, 403, 'This chat takes signed-in accounts only.');
      }
      throw new AppError(ErrorCode.UNAUTHENTICATED, 401, 'Sign in to chat.');
    }
    if (actor.kind !== 'user') throw new AppError(ErrorCode.FORBIDDEN, 403, 'API keys cannot write in chats.');
    const [user] = await this.db.select({ name: users.name }).from(users).where(eq(users.id, actor.userId));
    if (!user) throw new AppError(ErrorCode.UNAUTHENTICATED, 401, 'Sign in to chat.');
    return { kind: 'user', id: actor.userId, name: user.name };
  }

  /** Whether the actor moderates the event's chats (its organizers, admins, owners; API keys with catalog:write). */
  async canModerate(actor: Actor, eventId: string): Promise<boolean> {
    return (await this.access.authorize(actor, 'event.manage', { eventId })) === 'allow';
  }

  async requireModerator(actor: Actor, eventId: string): Promise<void> {
    if (!(await this.canModerate(actor, eventId)))
      throw new AppError(ErrorCode.FORBIDDEN, 403, 'Only the event’s organizers moderate its chats.');
  }

  async channel(channelId: string, executor: Executor = this.db): Promise<ChannelRow> {
    const [row] = await executor.select().from(chatChannels).where(eq(chatChannels.id, channelId));
    if (!row) throw noSuchChannel();
    return row;
  }

  async isMember(channelId: string, userId: string, executor: Executor = this.db): Promise<boolean> {
    const [row] = await executor
      .select({ userId: chatMembers.userId })
      .from(chatMembers)
      .where(and(eq(chatMembers.channelId, channelId), eq(chatMembers.userId, userId)));
    return Boolean(row);
  }

  /**
   * Whether the actor may read the channel, the gate having let them see
   * the event: anyone for the stage and rooms (unless banned), members
   * only for conversations. A conversation one is not in does not exist
   * for them (404), so its id leaks nothing.
   */
  async requireReader(actor: Actor, channel: ChannelRow, guest?: { kind: string; id: string } | null): Promise<void> {
    if (channel.kind === 'group' || channel.kind === 'direct') {
      if (actor.kind !== 'user' || !(await this.isMember(channel.id, actor.userId))) throw noSuchChannel();
      return;
    }
    const participantId = actor.kind === 'user' ? actor.userId : guest?.kind === 'guest' ? guest.id : null;
    if (participantId && (await this.banOf(channel.eventId, participantId)))
      throw new AppError(ErrorCode.CHAT_BANNED, 403, 'You are banned from this event’s chats.');
  }

  async banOf(eventId: string, participantId: string): Promise<boolean> {
    const [ban] = await this.db
      .select({ id: chatSanctions.id })
      .from(chatSanctions)
      .where(
        and(
          eq(chatSanctions.eventId, eventId),
          eq(chatSanctions.participantId, participantId),
          eq(chatSanctions.kind, 'ban'),
        ),
      );
    return Boolean(ban);
  }

  /** Refuses a banned or muted participant with CHAT_BANNED, or CHAT_MUTED and when the mute ends. */
  async requireMayWrite(eventId: string, participant: ChatParticipant, now = new Date()): Promise<void> {
    const rows = await this.db
      .select({ kind: chatSanctions.kind, until: chatSanctions.until })
      .from(chatSanctions)
      .where(
        and(
          eq(chatSanctions.eventId, eventId),
          eq(chatSanctions.participantKind, participant.kind),
          eq(chatSanctions.participantId, participant.id),
          or(eq(chatSanctions.kind, 'ban'), isNull(chatSanctions.until), gt(chatSanctions.until, now)),
        ),
      );
    if (rows.some((r) => r.kind === 'ban'))
      throw new ChatRefusal(ErrorCode.CHAT_BANNED, 403, 'You are banned from this event’s chats.');
    const mute = rows.find((r) => r.kind === 'mute');
    if (mute) {
      const until = mute.until;
      throw new ChatRefusal(
        ErrorCode.CHAT_MUTED,
        403,
        until
          ? `You are muted in this event’s chats until ${until.toISOString()}.`
          : 'You are muted in this event’s chats.',
        until?.toISOString(),
        until ? Math.max(1, Math.ceil((until.getTime() - now.getTime()) / 1000)) : undefined,
      );
    }
  }
}
