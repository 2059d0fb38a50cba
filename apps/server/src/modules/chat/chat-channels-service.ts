import {
  type ChatChannel,
  type ChatConversation,
  type ChatMember,
  type ChatModerationNotice,
  ChatPushEvent,
  ErrorCode,
} from '@foyer/contracts';
import { and, asc, desc, eq, inArray } from 'drizzle-orm';
import type { Actor } from '../../platform/auth/actor.ts';
import { auditActorOf } from '../../platform/auth/actor.ts';
import type { Db, Executor } from '../../platform/db/database.ts';
import { isUniqueViolation } from '../../platform/db/errors.ts';
import { AppError } from '../../platform/http/problem.ts';
import { isUuid } from '../../platform/ids.ts';
import type { AuditService } from '../audit/index.ts';
import { events } from '../catalog/index.ts';
import { users } from '../identity/index.ts';
import type { ChatAccess } from './chat-access.ts';
import { channelDto } from './chat-dto.ts';
import { invalidField, noSuchChannel } from './chat-errors.ts';
import { appendLog, type ChannelRow, nextSeq, type PendingPush, realtimeChannelOf } from './chat-log.ts';
import type { ChatCaller } from './chat-messages-service.ts';
import type { ChatPublisher } from './chat-publisher.ts';
import { chatChannels, chatMembers } from './schema.ts';

/** Ends subscriptions in every process (a removed member, a banned participant). */
export type Revoker = (
  channel: string,
  participantId: string,
  reason: 'removed' | 'banned',
  kind?: 'user' | 'guest',
) => Promise<void>;

/**
 * Chat channels of an event: the stage's and rooms' chats (made by the
 * organizers) and conversations — groups (create, invite, leave, remove)
 * and direct ones between two accounts (one per pair and event).
 */
export class ChatChannelsService {
  constructor(
    private readonly db: Db,
    private readonly access: ChatAccess,
    private readonly audit: AuditService,
    private readonly publisher: ChatPublisher,
    private readonly revoke: Revoker,
  ) {}

  /** A stage or room chat (organizers only; the gate checked `event.manage`). */
  async createRoom(
    caller: ChatCaller,
    eventId: string,
    input: {
      kind: 'stage' | 'room';
      name: string;
      slowModeSeconds?: number | undefined;
      readOnly?: boolean | undefined;
    },
  ): Promise<ChatChannel> {
    return this.db.transaction(async (tx) => {
      const organizationId = await this.organizationOf(tx, eventId);
      const [row] = await tx
        .insert(chatChannels)
        .values({
          organizationId,
          eventId,
          kind: input.kind,
          name: input.name,
          slowModeSeconds: input.slowModeSeconds ?? 0,
          readOnly: input.readOnly ?? false,
          createdBy: caller.actor.kind === 'user' ? caller.actor.userId : null,
        })
        .returning();
      await this.audit.recordChange(tx, {
        actor: auditActorOf(caller.actor, caller.meta),
        action: 'chat.channel.created',
        organizationId,
        subject: { type: 'chat_channel', id: row!.id },
        metadata: { eventId, kind: input.kind },
      });
      return channelDto(row!);
    });
  }

  /**
   * The stage's chat, inside the stage's own transaction: made on first
   * use, and told whether guests may write. Answers its id (null while the
   * stage has no chat; an existing channel keeps its history).
   */
  async stageChatIn(
    tx: Executor,
    stage: { organizationId: string; eventId: string; channelId: string | null; createdBy: string | null },
    mode: 'off' | 'accounts' | 'guests',
  ): Promise<string | null> {
    if (mode === 'off') {
      if (stage.channelId)
        await tx
          .update(chatChannels)
          .set({ guestsAllowed: false, disabled: true })
          .where(eq(chatChannels.id, stage.channelId));
      return null;
    }
    const guestsAllowed = mode === 'guests';
    if (stage.channelId) {
      const [row] = await tx
        .update(chatChannels)
        .set({ guestsAllowed, disabled: false })
        .where(eq(chatChannels.id, stage.channelId))
        .returning({ id: chatChannels.id });
      if (row) return row.id;
    }
    const [row] = await tx
      .insert(chatChannels)
      .values({
        organizationId: stage.organizationId,
        eventId: stage.eventId,
        kind: 'stage',
        name: 'Stage',
        guestsAllowed,
        createdBy: stage.createdBy,
      })
      .returning({ id: chatChannels.id });
    return row!.id;
  }

  /** The stage and room chats of an event, oldest first. */
  async listRooms(eventId: string): Promise<ChatChannel[]> {
    const rows = await this.db
      .select()
      .from(chatChannels)
      .where(and(eq(chatChannels.eventId, eventId), inArray(chatChannels.kind, ['stage', 'room'])))
      .orderBy(asc(chatChannels.createdAt));
    return rows.map(channelDto);
  }

  /** A channel the actor may read (conversations: members only, else 404). */
  async get(actor: Actor, channelId: string): Promise<ChatChannel | ChatConversation> {
    const row = await this.access.channel(channelId);
    await this.access.requireReader(actor, row);
    if (row.kind === 'group' || row.kind === 'direct')
      return { ...channelDto(row), members: await this.members(this.db, row.id) };
    return channelDto(row);
  }

  /** Slow mode and read-only (moderators): audited and pushed on the channel. */
  async updateSettings(
    caller: ChatCaller,
    channelId: string,
    patch: { slowModeSeconds?: number | undefined; readOnly?: boolean | undefined },
  ): Promise<ChatChannel> {
    const { channel, pushes } = await this.db.transaction(async (tx) => {
      const locked = await nextSeq(tx, channelId);
      if (!locked) throw noSuchChannel();
      const [row] = await tx
        .update(chatChannels)
        .set({
          ...(patch.slowModeSeconds !== undefined ? { slowModeSeconds: patch.slowModeSeconds } : {}),
          ...(patch.readOnly !== undefined ? { readOnly: patch.readOnly } : {}),
        })
        .where(eq(chatChannels.id, channelId))
        .returning();
      await this.audit.recordChange(tx, {
        actor: auditActorOf(caller.actor, caller.meta),
        action: 'chat.channel.settings_changed',
        organizationId: row!.organizationId,
        subject: { type: 'chat_channel', id: channelId },
        metadata: { eventId: row!.eventId, slowModeSeconds: row!.slowModeSeconds, readOnly: row!.readOnly },
      });
      const notice: ChatModerationNotice = {
        action: 'settings',
        participant: null,
        until: null,
        messageId: null,
        slowModeSeconds: row!.slowModeSeconds,
        readOnly: row!.readOnly,
      };
      return { channel: row!, pushes: [await appendLog(tx, row!, ChatPushEvent.MODERATION, notice)] };
    });
    await this.publisher.publish(pushes);
    return channelDto(channel);
  }

  /**
   * Starts a conversation of the caller with others. A direct one has
   * exactly one other account and exists once per pair and event: asking
   * again answers the existing one (`created: false`).
   */
  async createConversation(
    caller: ChatCaller,
    eventId: string,
    input: { kind: 'group' | 'direct'; name?: string | undefined; memberIds: string[] },
  ): Promise<{ conversation: ChatConversation; created: boolean }> {
    const me = await this.access.participantOf(caller.actor);
    const others = [...new Set(input.memberIds)].filter((id) => id !== me.id);
    if (input.kind === 'direct' && others.length !== 1)
      throw invalidField('memberIds', 'must name exactly one other account for a direct conversation', 'direct_pair');
    if (others.length === 0) throw invalidField('memberIds', 'must name someone other than you', 'too_small');
    await this.requireAccounts(others);
    const directKey = input.kind === 'direct' ? [me.id, others[0]!].sort().join(':') : null;
    if (directKey) {
      const existing = await this.direct(eventId, directKey);
      if (existing) return { conversation: existing, created: false };
    }
    try {
      const row = await this.db.transaction(async (tx) => {
        const organizationId = await this.organizationOf(tx, eventId);
        const [row] = await tx
          .insert(chatChannels)
          .values({
            organizationId,
            eventId,
            kind: input.kind,
            name: input.kind === 'group' ? (input.name ?? null) : null,
            directKey,
            createdBy: me.id,
          })
          .returning();
        await tx
          .insert(chatMembers)
          .values([
            { channelId: row!.id, userId: me.id, role: input.kind === 'group' ? 'owner' : 'member' },
            ...others.map((userId) => ({ channelId: row!.id, userId, role: 'member' as const })),
          ]);
        return row!;
      });
      return { conversation: { ...channelDto(row), members: await this.members(this.db, row.id) }, created: true };
    } catch (err) {
      // Both people started the same direct conversation at once: the other request made it.
      if (directKey && isUniqueViolation(err)) {
        const existing = await this.direct(eventId, directKey);
        if (existing) return { conversation: existing, created: false };
      }
      throw err;
    }
  }

  /** The caller's conversations in an event, newest first. */
  async myConversations(actor: Actor, eventId: string): Promise<ChatConversation[]> {
    const me = await this.access.participantOf(actor);
    const rows = await this.db
      .select({ channel: chatChannels })
      .from(chatMembers)
      .innerJoin(chatChannels, eq(chatChannels.id, chatMembers.channelId))
      .where(and(eq(chatMembers.userId, me.id), eq(chatChannels.eventId, eventId)))
      .orderBy(asc(chatChannels.createdAt));
    const result: ChatConversation[] = [];
    for (const { channel } of rows.reverse())
      result.push({ ...channelDto(channel), members: await this.members(this.db, channel.id) });
    return result;
  }

  /** Adds accounts to a group conversation (any member may invite). */
  async invite(caller: ChatCaller, channelId: string, userIds: string[]): Promise<ChatConversation> {
    const row = await this.access.channel(channelId);
    await this.access.requireReader(caller.actor, row);
    if (row.kind !== 'group') throw new AppError(ErrorCode.CONFLICT, 409, 'Only group conversations take more people.');
    const ids = [...new Set(userIds)];
    await this.requireAccounts(ids, 'userIds');
    const pushes = await this.db.transaction(async (tx) => {
      const added = await tx
        .insert(chatMembers)
        .values(ids.map((userId) => ({ channelId, userId, role: 'member' as const })))
        .onConflictDoNothing()
        .returning({ userId: chatMembers.userId });
      if (added.length === 0) return [];
      return [await this.pushMembers(tx, channelId)];
    });
    await this.publisher.publish(pushes);
    return { ...channelDto(await this.access.channel(channelId)), members: await this.members(this.db, channelId) };
  }

  /**
   * Takes an account out of a group conversation: themself (leaving), the
   * group's owner, or a moderator of the event. Their open sockets stop
   * receiving it at once.
   */
  async removeMember(caller: ChatCaller, channelId: string, userId: string): Promise<void> {
    const row = await this.access.channel(channelId);
    const self = caller.actor.kind === 'user' && caller.actor.userId === userId;
    if (!self) {
      const owner =
        caller.actor.kind === 'user' &&
        (await this.roleIn(channelId, caller.actor.userId)) === 'owner' &&
        row.kind === 'group';
      if (!owner && !(await this.access.canModerate(caller.actor, row.eventId))) {
        // Not in it and not moderating: the conversation does not exist for them.
        await this.access.requireReader(caller.actor, row);
        throw new AppError(ErrorCode.FORBIDDEN, 403, 'Only the group’s owner removes others.');
      }
    } else await this.access.requireReader(caller.actor, row);
    if (row.kind !== 'group')
      throw new AppError(ErrorCode.CONFLICT, 409, 'A direct conversation has no one to leave or remove.');
    const pushes = await this.db.transaction(async (tx) => {
      const removed = await tx
        .delete(chatMembers)
        .where(and(eq(chatMembers.channelId, channelId), eq(chatMembers.userId, userId)))
        .returning({ role: chatMembers.role });
      if (removed.length === 0) throw new AppError(ErrorCode.NOT_FOUND, 404, 'Not a member of this conversation.');
      if (!self)
        await this.audit.recordChange(tx, {
          actor: auditActorOf(caller.actor, caller.meta),
          action: 'chat.member.removed',
          organizationId: row.organizationId,
          subject: { type: 'chat_channel', id: channelId },
          metadata: { eventId: row.eventId, userId },
        });
      return [await this.pushMembers(tx, channelId)];
    });
    await this.revoke(realtimeChannelOf(row.kind, channelId), userId, 'removed');
    await this.publisher.publish(pushes);
  }

  /** The event of a channel, for the access gate (null: no such channel). */
  async eventIdOf(channelId: string, kinds?: readonly ChannelRow['kind'][]): Promise<string | null> {
    // Realtime channel names may carry any id; one that is not a UUID names no channel (not a database error).
    if (!isUuid(channelId)) return null;
    const [row] = await this.db
      .select({ eventId: chatChannels.eventId, kind: chatChannels.kind })
      .from(chatChannels)
      .where(eq(chatChannels.id, channelId));
    if (!row || (kinds && !kinds.includes(row.kind))) return null;
    return row.eventId;
  }

  private async pushMembers(tx: Executor, channelId: string): Promise<PendingPush> {
    const locked = await nextSeq(tx, channelId);
    const memberIds = (await this.members(tx, channelId)).map((m) => m.userId);
    return appendLog(tx, locked!, ChatPushEvent.MEMBERS, { channelId, memberIds });
  }

  private async members(executor: Executor, channelId: string): Promise<ChatMember[]> {
    const rows = await executor
      .select({ userId: chatMembers.userId, name: users.name, role: chatMembers.role, joinedAt: chatMembers.joinedAt })
      .from(chatMembers)
      .innerJoin(users, eq(users.id, chatMembers.userId))
      .where(eq(chatMembers.channelId, channelId))
      // The owner first, then in the order people joined.
      .orderBy(desc(chatMembers.role), asc(chatMembers.joinedAt), asc(chatMembers.userId));
    return rows.map((r) => ({ ...r, joinedAt: r.joinedAt.toISOString() }));
  }

  private async roleIn(channelId: string, userId: string) {
    const [row] = await this.db
      .select({ role: chatMembers.role })
      .from(chatMembers)
      .where(and(eq(chatMembers.channelId, channelId), eq(chatMembers.userId, userId)));
    return row?.role ?? null;
  }

  private async direct(eventId: string, directKey: string): Promise<ChatConversation | null> {
    const [row] = await this.db
      .select()
      .from(chatChannels)
      .where(and(eq(chatChannels.eventId, eventId), eq(chatChannels.directKey, directKey)));
    return row ? { ...channelDto(row), members: await this.members(this.db, row.id) } : null;
  }

  private async requireAccounts(ids: string[], field = 'memberIds'): Promise<void> {
    const found = await this.db.select({ id: users.id }).from(users).where(inArray(users.id, ids));
    if (found.length !== ids.length) throw invalidField(field, 'names an account that does not exist', 'unknown_user');
  }

  private async organizationOf(executor: Executor, eventId: string): Promise<string> {
    const [event] = await executor
      .select({ organizationId: events.organizationId })
      .from(events)
      .where(eq(events.id, eventId));
    if (!event) throw new AppError(ErrorCode.NOT_FOUND, 404, 'No such event.');
    return event.organizationId;
  }
}
