import type { ChatChannel, ChatMessage, ChatSanction } from '@foyer/contracts';
import { asc, inArray, sql } from 'drizzle-orm';
import type { Executor } from '../../platform/db/database.ts';
import { type ChannelRow, realtimeChannelOf } from './chat-log.ts';
import { type chatMessages, chatReactions, type chatSanctions } from './schema.ts';

export type MessageRow = typeof chatMessages.$inferSelect;
export type SanctionRow = typeof chatSanctions.$inferSelect;

export function channelDto(row: ChannelRow): ChatChannel {
  return {
    id: row.id,
    eventId: row.eventId,
    kind: row.kind,
    name: row.name,
    realtimeChannel: realtimeChannelOf(row.kind, row.id),
    slowModeSeconds: row.slowModeSeconds,
    readOnly: row.readOnly,
    seq: row.seq,
    createdAt: row.createdAt.toISOString(),
  };
}

export function messageDto(row: MessageRow, reactions: { emoji: string; count: number }[] = []): ChatMessage {
  return {
    id: row.id,
    channelId: row.channelId,
    seq: row.seq,
    author: {
      kind: row.authorKind,
      id: (row.authorKind === 'guest' ? row.authorGuestId : row.authorUserId) ?? '00000000-0000-0000-0000-000000000000',
      name: row.authorName,
    },
    text: row.text,
    links: row.links,
    replyTo: row.replyTo,
    replyCount: row.replyCount,
    reactions,
    createdAt: row.createdAt.toISOString(),
    editedAt: row.editedAt?.toISOString() ?? null,
    deletedAt: row.deletedAt?.toISOString() ?? null,
    deletedBy: row.deletedBy,
  };
}

/** The messages with their reaction counts (one query for the page), each emoji in the order it was first used. */
export async function messagesWithReactions(executor: Executor, rows: MessageRow[]): Promise<ChatMessage[]> {
  if (rows.length === 0) return [];
  const counts = await executor
    .select({
      messageId: chatReactions.messageId,
      emoji: chatReactions.emoji,
      count: sql<number>`count(*)::int`,
    })
    .from(chatReactions)
    .where(
      inArray(
        chatReactions.messageId,
        rows.map((r) => r.id),
      ),
    )
    .groupBy(chatReactions.messageId, chatReactions.emoji)
    .orderBy(asc(sql`min(${chatReactions.createdAt})`), asc(chatReactions.emoji));
  const byMessage = new Map<string, { emoji: string; count: number }[]>();
  for (const c of counts) {
    const list = byMessage.get(c.messageId) ?? [];
    list.push({ emoji: c.emoji, count: Number(c.count) });
    byMessage.set(c.messageId, list);
  }
  return rows.map((r) => messageDto(r, byMessage.get(r.id) ?? []));
}

export async function messageWithReactions(executor: Executor, row: MessageRow): Promise<ChatMessage> {
  return (await messagesWithReactions(executor, [row]))[0]!;
}

export function sanctionDto(row: SanctionRow): ChatSanction {
  return {
    id: row.id,
    participant: { kind: row.participantKind, id: row.participantId },
    kind: row.kind,
    until: row.until?.toISOString() ?? null,
    reason: row.reason,
    createdAt: row.createdAt.toISOString(),
  };
}
