import { and, asc, eq, gt, inArray, sql } from 'drizzle-orm';
import type { Db, Executor } from '../../platform/db/database.ts';
import type { ChannelStore } from '../../platform/realtime/channel-kinds.ts';
import { channelFrame, type SequencedFrame } from '../../platform/realtime/frames.ts';
import { type ChatChannelKindValue, chatChannels, chatLog } from './schema.ts';

/** `room:{id}` for the stage and rooms, `conversation:{id}` for group and direct conversations. */
export function realtimeChannelOf(kind: ChatChannelKindValue, id: string): string {
  return `${kind === 'stage' || kind === 'room' ? 'room' : 'conversation'}:${id}`;
}

export type ChannelRow = typeof chatChannels.$inferSelect;

/** A push that was stored in a transaction and goes out once it commits. */
export interface PendingPush {
  channel: string;
  frame: SequencedFrame;
}

/**
 * Takes the next sequence number of a channel. The UPDATE locks the
 * channel's row until the transaction ends, so writers of one channel
 * queue here and numbers commit in order, without gaps (a rolled-back
 * transaction gives its number back). Answers the channel after the update,
 * or null when it does not exist.
 */
export async function nextSeq(tx: Executor, channelId: string): Promise<ChannelRow | null> {
  const [row] = await tx
    .update(chatChannels)
    .set({ seq: sql`${chatChannels.seq} + 1` })
    .where(eq(chatChannels.id, channelId))
    .returning();
  return row ?? null;
}

/** Stores a push of `channel` under the sequence number `nextSeq` gave it, and answers its frame. */
export async function appendLog(
  tx: Executor,
  channel: ChannelRow,
  event: string,
  data: unknown,
  messageId: string | null = null,
): Promise<PendingPush> {
  const at = new Date();
  await tx.insert(chatLog).values({ channelId: channel.id, seq: channel.seq, event, messageId, data, at });
  const name = realtimeChannelOf(channel.kind, channel.id);
  return { channel: name, frame: { seq: channel.seq, frame: channelFrame(name, channel.seq, event, data, at) } };
}

/** Makes every stored push about a message say what it says now (an edit, a deletion), so replays never show old text. */
export async function rewriteLog(tx: Executor, messageId: string, data: unknown): Promise<void> {
  await tx.update(chatLog).set({ data }).where(eq(chatLog.messageId, messageId));
}

/**
 * The gateway's store of chat channels: the head is the channel's counter,
 * replays read the log. Channels of the other kind (a conversation asked
 * for as `room:`) have no messages here.
 */
export class ChatLogStore implements ChannelStore {
  constructor(
    private readonly db: Db,
    private readonly kinds: readonly ChatChannelKindValue[],
  ) {}

  async head(id: string): Promise<number> {
    const [row] = await this.db
      .select({ seq: chatChannels.seq })
      .from(chatChannels)
      .where(and(eq(chatChannels.id, id), inArray(chatChannels.kind, [...this.kinds])));
    return row?.seq ?? 0;
  }

  async replay(id: string, since: number, limit: number): Promise<SequencedFrame[] | null> {
    const [channel] = await this.db
      .select({ kind: chatChannels.kind })
      .from(chatChannels)
      .where(and(eq(chatChannels.id, id), inArray(chatChannels.kind, [...this.kinds])));
    if (!channel) return [];
    const name = realtimeChannelOf(channel.kind, id);
    const rows = await this.db
      .select()
      .from(chatLog)
      .where(and(eq(chatLog.channelId, id), gt(chatLog.seq, since)))
      .orderBy(asc(chatLog.seq))
      .limit(limit);
    return rows.map((r) => ({ seq: r.seq, frame: channelFrame(name, r.seq, r.event, r.data, r.at) }));
  }
}
