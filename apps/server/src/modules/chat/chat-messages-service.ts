import {
  type ChatHistoryPage,
  type ChatMessage,
  type ChatModerationNotice,
  ChatPushEvent,
  ErrorCode,
} from '@foyer/contracts';
import { and, asc, desc, eq, gt, lt, type SQL, sql } from 'drizzle-orm';
import { z } from 'zod';
import type { Actor } from '../../platform/auth/actor.ts';
import { auditActorOf } from '../../platform/auth/actor.ts';
import type { Db, Tx } from '../../platform/db/database.ts';
import { cursorSerial, decodeCursor, encodeCursor } from '../../platform/http/cursor.ts';
import { AppError } from '../../platform/http/problem.ts';
import type { AuditService } from '../audit/index.ts';
import type { ChatAccess, ChatParticipant } from './chat-access.ts';
import { type MessageRow, messagesWithReactions, messageWithReactions } from './chat-dto.ts';
import { ChatRefusal, invalidField, noSuchMessage } from './chat-errors.ts';
import type { ChatGuest } from './chat-guests.ts';
import { appendLog, type ChannelRow, nextSeq, type PendingPush, rewriteLog } from './chat-log.ts';
import type { ChatPublisher } from './chat-publisher.ts';
import { cleanText, findLinks } from './links.ts';
import { chatMessages, chatReactions } from './schema.ts';

export interface HistoryQuery {
  cursor?: string | undefined;
  limit: number;
  sinceSeq?: number | undefined;
  since?: string | undefined;
  thread?: string | undefined;
}

/** Who acts, with where from (for the audit trail of moderators' deletions). */
export interface ChatCaller {
  actor: Actor;
  meta?: { ip: string | null; userAgent: string | null };
  /** A stage guest's identity (from its signed cookie), for anonymous callers. */
  guest?: ChatGuest | null;
}

// biome-ignore lint/suspicious/noControlCharactersInRegex: control characters are what it refuses.
const EMOJI = /^[^\s\u0000-\u001f<>]{1,16}$/u;

/**
 * Chat messages: posting (with slow mode, read-only channels, mutes and
 * bans), threads, edits and deletions by the author, deletions by
 * moderators, reactions, and history pages. Every change is stored with
 * the channel's next sequence number in one transaction and pushed on the
 * channel once it commits.
 */
export class ChatMessagesService {
  constructor(
    private readonly db: Db,
    private readonly access: ChatAccess,
    private readonly audit: AuditService,
    private readonly publisher: ChatPublisher,
  ) {}

  /** Posts a message; answers it as stored (with its sequence number). */
  async send(caller: ChatCaller, channelId: string, input: { text: string; replyTo?: string | undefined }) {
    const channel = await this.access.channel(channelId);
    const author = await this.access.participantOf(caller.actor, caller.guest, channel);
    await this.requireWriter(caller.actor, channel, author);
    const moderator = await this.access.canModerate(caller.actor, channel.eventId);
    const text = this.textOf(input.text);
    const { message, pushes } = await this.db.transaction(async (tx) => {
      const locked = await nextSeq(tx, channelId);
      if (!locked) throw new AppError(ErrorCode.NOT_FOUND, 404, 'No such chat channel.');
      if (locked.disabled) throw new AppError(ErrorCode.CHAT_DISABLED, 403, 'This chat is switched off.');
      if (locked.readOnly && !moderator)
        throw new AppError(ErrorCode.CHAT_READ_ONLY, 403, 'This channel is read-only.');
      // After the channel's row is locked: two messages of one author cannot both pass.
      if (locked.slowModeSeconds > 0 && !moderator) await this.slowMode(tx, locked, author);
      let replyTo: string | null = null;
      if (input.replyTo) {
        const [parent] = await tx
          .select()
          .from(chatMessages)
          .where(and(eq(chatMessages.id, input.replyTo), eq(chatMessages.channelId, channelId)));
        if (!parent || parent.deletedAt)
          throw invalidField('replyTo', 'is not a message of this channel', 'unknown_message');
        // Threads are one level deep: a reply to a reply joins the thread of the first message.
        replyTo = parent.replyTo ?? parent.id;
        await tx
          .update(chatMessages)
          .set({ replyCount: sql`${chatMessages.replyCount} + 1` })
          .where(eq(chatMessages.id, replyTo));
      }
      const [row] = await tx
        .insert(chatMessages)
        .values({
          channelId,
          eventId: locked.eventId,
          seq: locked.seq,
          authorKind: author.kind,
          authorUserId: author.kind === 'user' ? author.id : null,
          authorGuestId: author.kind === 'guest' ? author.id : null,
          authorName: author.name,
          text,
          links: findLinks(text),
          replyTo,
        })
        .returning();
      const message = await messageWithReactions(tx, row!);
      return { message, pushes: [await appendLog(tx, locked, ChatPushEvent.MESSAGE, message, message.id)] };
    });
    await this.publisher.publish(pushes);
    return message;
  }

  /** Edits the caller's own message. */
  async edit(caller: ChatCaller, messageId: string, input: { text: string }, channelId?: string) {
    const existing = await this.message(messageId, channelId);
    const channel = await this.access.channel(existing.channelId);
    const author = await this.access.participantOf(caller.actor, caller.guest, channel);
    if (!isAuthor(existing, author)) throw new AppError(ErrorCode.FORBIDDEN, 403, 'Only the author edits a message.');
    await this.requireWriter(caller.actor, channel, author);
    const text = this.textOf(input.text);
    const { message, pushes } = await this.db.transaction(async (tx) => {
      const locked = await nextSeq(tx, channel.id);
      if (!locked) throw new AppError(ErrorCode.NOT_FOUND, 404, 'No such chat channel.');
      const [row] = await tx
        .update(chatMessages)
        .set({ text, links: findLinks(text), editedAt: new Date() })
        .where(and(eq(chatMessages.id, messageId), sql`${chatMessages.deletedAt} is null`))
        .returning();
      if (!row) throw noSuchMessage();
      const message = await messageWithReactions(tx, row);
      await rewriteLog(tx, messageId, message);
      return { message, pushes: [await appendLog(tx, locked, ChatPushEvent.MESSAGE_UPDATED, message, messageId)] };
    });
    await this.publisher.publish(pushes);
    return message;
  }

  /**
   * Deletes a message: the author's own, or any as a moderator (audited,
   * and announced with a `chat.moderation` push). The text is gone from the
   * message and from every stored push about it; a tombstone stays, so
   * threads keep their shape.
   */
  async delete(caller: ChatCaller, messageId: string, channelId?: string): Promise<ChatMessage> {
    const existing = await this.message(messageId, channelId);
    const channel = await this.access.channel(existing.channelId);
    const own =
      (caller.actor.kind === 'user' && isAuthor(existing, { kind: 'user', id: caller.actor.userId })) ||
      (caller.actor.kind === 'anonymous' &&
        caller.guest != null &&
        isAuthor(existing, { kind: 'guest', ...caller.guest }));
    const moderator = !own && (await this.access.canModerate(caller.actor, channel.eventId));
    if (!own && !moderator) {
      if (caller.actor.kind === 'anonymous') throw new AppError(ErrorCode.UNAUTHENTICATED, 401, 'Sign in to chat.');
      throw new AppError(ErrorCode.FORBIDDEN, 403, 'Only the author or a moderator deletes a message.');
    }
    if (existing.deletedAt) return messageWithReactions(this.db, existing);
    const { message, pushes } = await this.db.transaction(async (tx) => {
      const locked = await nextSeq(tx, channel.id);
      if (!locked) throw new AppError(ErrorCode.NOT_FOUND, 404, 'No such chat channel.');
      await tx.delete(chatReactions).where(eq(chatReactions.messageId, messageId));
      const [row] = await tx
        .update(chatMessages)
        .set({ text: '', links: [], deletedAt: new Date(), deletedBy: own ? 'author' : 'moderator' })
        .where(and(eq(chatMessages.id, messageId), sql`${chatMessages.deletedAt} is null`))
        .returning();
      if (!row) throw noSuchMessage();
      if (row.replyTo)
        await tx
          .update(chatMessages)
          .set({ replyCount: sql`greatest(${chatMessages.replyCount} - 1, 0)` })
          .where(eq(chatMessages.id, row.replyTo));
      const message = await messageWithReactions(tx, row);
      await rewriteLog(tx, messageId, message);
      const pushes: PendingPush[] = [await appendLog(tx, locked, ChatPushEvent.MESSAGE_DELETED, message, messageId)];
      if (moderator) {
        await this.audit.recordChange(tx, {
          actor: auditActorOf(caller.actor, caller.meta),
          action: 'chat.message.deleted',
          organizationId: channel.organizationId,
          subject: { type: 'chat_message', id: messageId },
          metadata: {
            channelId: channel.id,
            eventId: channel.eventId,
            authorKind: row.authorKind,
            authorId: row.authorUserId ?? row.authorGuestId,
          },
        });
        const notice: ChatModerationNotice = {
          action: 'delete',
          participant: message.author,
          until: null,
          messageId,
        };
        const again = await nextSeq(tx, channel.id);
        pushes.push(await appendLog(tx, again!, ChatPushEvent.MODERATION, notice));
      }
      return { message, pushes };
    });
    await this.publisher.publish(pushes);
    return message;
  }

  /** Adds or removes the caller's reaction; answers the message with its counts (pushed when they changed). */
  async react(caller: ChatCaller, messageId: string, input: { emoji: string; on: boolean }, channelId?: string) {
    if (!EMOJI.test(input.emoji)) throw invalidField('emoji', 'must be an emoji or a short code without spaces');
    const existing = await this.message(messageId, channelId);
    if (existing.deletedAt) throw noSuchMessage();
    const channel = await this.access.channel(existing.channelId);
    const who = await this.access.participantOf(caller.actor, caller.guest, channel);
    await this.requireWriter(caller.actor, channel, who);
    const { message, pushes } = await this.db.transaction(async (tx) => {
      const key = and(
        eq(chatReactions.messageId, messageId),
        eq(chatReactions.participantKind, who.kind),
        eq(chatReactions.participantId, who.id),
        eq(chatReactions.emoji, input.emoji),
      );
      const changed = input.on
        ? await tx
            .insert(chatReactions)
            .values({ messageId, participantKind: who.kind, participantId: who.id, emoji: input.emoji })
            .onConflictDoNothing()
            .returning({ id: chatReactions.messageId })
        : await tx.delete(chatReactions).where(key).returning({ id: chatReactions.messageId });
      const [row] = await tx.select().from(chatMessages).where(eq(chatMessages.id, messageId));
      const message = await messageWithReactions(tx, row!);
      if (changed.length === 0) return { message, pushes: [] };
      const locked = await nextSeq(tx, channel.id);
      await rewriteLog(tx, messageId, message);
      return { message, pushes: [await appendLog(tx, locked!, ChatPushEvent.MESSAGE_UPDATED, message, messageId)] };
    });
    await this.publisher.publish(pushes);
    return message;
  }

  /**
   * A page of a channel's messages. Without `sinceSeq`/`since`: newest
   * first, older pages by cursor. With them: what came after, oldest first
   * (catching up). `thread`: only the replies to that message, oldest first.
   */
  async history(channel: ChannelRow, query: HistoryQuery): Promise<ChatHistoryPage> {
    const conditions: SQL[] = [eq(chatMessages.channelId, channel.id)];
    if (query.thread) conditions.push(eq(chatMessages.replyTo, query.thread));
    const forward = query.sinceSeq !== undefined || query.since !== undefined || query.thread !== undefined;
    if (query.sinceSeq !== undefined) conditions.push(gt(chatMessages.seq, query.sinceSeq));
    if (query.since !== undefined) conditions.push(gt(chatMessages.createdAt, new Date(query.since)));
    if (query.cursor) {
      const [seq] = decodeCursor(query.cursor, z.tuple([cursorSerial]));
      conditions.push(forward ? gt(chatMessages.seq, seq) : lt(chatMessages.seq, seq));
    }
    const rows = await this.db
      .select()
      .from(chatMessages)
      .where(and(...conditions))
      .orderBy(forward ? asc(chatMessages.seq) : desc(chatMessages.seq))
      .limit(query.limit + 1);
    const page = rows.slice(0, query.limit);
    return {
      items: await messagesWithReactions(this.db, page),
      nextCursor: rows.length > query.limit ? encodeCursor([page.at(-1)!.seq]) : null,
    };
  }

  /** The channel a message is in (for the access gate), or null. */
  async channelIdOf(messageId: string): Promise<string | null> {
    const [row] = await this.db
      .select({ channelId: chatMessages.channelId })
      .from(chatMessages)
      .where(eq(chatMessages.id, messageId));
    return row?.channelId ?? null;
  }

  private async message(messageId: string, channelId?: string): Promise<MessageRow> {
    const [row] = await this.db.select().from(chatMessages).where(eq(chatMessages.id, messageId));
    // Over the socket a message is addressed through its channel: one of another channel does not exist there.
    if (!row || (channelId && row.channelId !== channelId)) throw noSuchMessage();
    return row;
  }

  private textOf(raw: string): string {
    const text = cleanText(raw);
    if (text.length === 0) throw invalidField('text', 'must not be empty', 'too_small');
    if (text.length > 2000) throw invalidField('text', 'must be at most 2000 characters', 'too_big');
    return text;
  }

  /** The caller may write here: a member of a conversation, not banned or muted in the event. */
  private async requireWriter(actor: Actor, channel: ChannelRow, who: ChatParticipant): Promise<void> {
    await this.access.requireReader(actor, channel, who);
    await this.access.requireMayWrite(channel.eventId, who);
  }

  private async slowMode(tx: Tx, channel: ChannelRow, author: ChatParticipant): Promise<void> {
    const [last] = await tx
      .select({ createdAt: chatMessages.createdAt })
      .from(chatMessages)
      .where(
        and(
          eq(chatMessages.channelId, channel.id),
          author.kind === 'user' ? eq(chatMessages.authorUserId, author.id) : eq(chatMessages.authorGuestId, author.id),
        ),
      )
      .orderBy(desc(chatMessages.seq))
      .limit(1);
    if (!last) return;
    const waitMs = last.createdAt.getTime() + channel.slowModeSeconds * 1000 - Date.now();
    if (waitMs > 0) {
      const retryAfter = Math.ceil(waitMs / 1000);
      throw new ChatRefusal(
        ErrorCode.CHAT_SLOW_MODE,
        429,
        `Slow mode: one message every ${channel.slowModeSeconds} s. Wait ${retryAfter} s.`,
        undefined,
        retryAfter,
      );
    }
  }
}

/** Whether `who` wrote the message (accounts and guests are told apart by kind). */
function isAuthor(message: MessageRow, who: { kind: 'user' | 'guest'; id: string }): boolean {
  if (message.authorKind !== who.kind) return false;
  return (who.kind === 'user' ? message.authorUserId : message.authorGuestId) === who.id;
}
