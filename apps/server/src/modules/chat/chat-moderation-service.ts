import { type ChatModerationNotice, ChatPushEvent, type ChatSanction, ErrorCode } from '@foyer/contracts';
import { and, desc, eq, inArray } from 'drizzle-orm';
import { auditActorOf } from '../../platform/auth/actor.ts';
import type { Db, Executor } from '../../platform/db/database.ts';
import { AppError } from '../../platform/http/problem.ts';
import type { RealtimeGateway } from '../../platform/realtime/gateway.ts';
import type { AuditService } from '../audit/index.ts';
import { events } from '../catalog/index.ts';
import { users } from '../identity/index.ts';
import type { Revoker } from './chat-channels-service.ts';
import { sanctionDto } from './chat-dto.ts';
import { invalidField } from './chat-errors.ts';
import { appendLog, nextSeq, type PendingPush, realtimeChannelOf } from './chat-log.ts';
import type { ChatCaller } from './chat-messages-service.ts';
import type { ChatPublisher } from './chat-publisher.ts';
import { chatChannels, chatGuests, chatSanctions } from './schema.ts';

type ParticipantRef = { kind: 'user' | 'guest'; id: string };

/**
 * Mutes and bans of participants in an event's chats, by its organizers
 * (the routes' gate checks `event.manage`). Each is audited and pushed as
 * `chat.moderation` on every stage and room chat of the event, and on the
 * participant's own `user:` channel so they see a notice wherever they are.
 */
export class ChatModerationService {
  constructor(
    private readonly db: Db,
    private readonly audit: AuditService,
    private readonly publisher: ChatPublisher,
    private readonly gateway: RealtimeGateway,
    private readonly revoke: Revoker,
  ) {}

  /** Mutes a participant until `minutes` from now (replacing an earlier mute). */
  async mute(
    caller: ChatCaller,
    eventId: string,
    input: { participant: ParticipantRef; minutes: number; reason?: string | undefined },
  ) {
    const until = new Date(Date.now() + input.minutes * 60_000);
    return this.sanction(caller, eventId, input.participant, 'mute', until, input.reason ?? null);
  }

  /** Bans a participant from the event's chats until lifted: no writing, and their subscriptions end. */
  async ban(caller: ChatCaller, eventId: string, input: { participant: ParticipantRef; reason?: string | undefined }) {
    const sanction = await this.sanction(caller, eventId, input.participant, 'ban', null, input.reason ?? null);
    for (const channel of await this.roomChannels(this.db, eventId))
      await this.revoke(channel.name, input.participant.id, 'banned', input.participant.kind);
    return sanction;
  }

  /** Lifts a mute or a ban. */
  async lift(caller: ChatCaller, eventId: string, sanctionId: string): Promise<void> {
    const { pushes, participantId, notice } = await this.db.transaction(async (tx) => {
      const [row] = await tx
        .delete(chatSanctions)
        .where(and(eq(chatSanctions.id, sanctionId), eq(chatSanctions.eventId, eventId)))
        .returning();
      if (!row) throw new AppError(ErrorCode.NOT_FOUND, 404, 'No such mute or ban.');
      await this.audit.recordChange(tx, {
        actor: auditActorOf(caller.actor, caller.meta),
        action: row.kind === 'mute' ? 'chat.participant.unmuted' : 'chat.participant.unbanned',
        organizationId: row.organizationId,
        subject: { type: 'chat_sanction', id: row.id },
        metadata: { eventId, participantKind: row.participantKind, participantId: row.participantId },
      });
      const notice: ChatModerationNotice = {
        action: row.kind === 'mute' ? 'unmute' : 'unban',
        participant: await this.participantAuthor(tx, { kind: row.participantKind, id: row.participantId }),
        until: null,
        messageId: null,
      };
      return { pushes: await this.pushToRooms(tx, eventId, notice), participantId: row.participantId, notice };
    });
    await this.publisher.publish(pushes);
    await this.notify(participantId, notice);
  }

  /** The event's current mutes and bans, newest first (ended mutes left out). */
  async list(eventId: string): Promise<ChatSanction[]> {
    const rows = await this.db
      .select()
      .from(chatSanctions)
      .where(eq(chatSanctions.eventId, eventId))
      .orderBy(desc(chatSanctions.createdAt));
    const now = Date.now();
    return rows.filter((r) => r.kind === 'ban' || !r.until || r.until.getTime() > now).map(sanctionDto);
  }

  private async sanction(
    caller: ChatCaller,
    eventId: string,
    participant: ParticipantRef,
    kind: 'mute' | 'ban',
    until: Date | null,
    reason: string | null,
  ): Promise<ChatSanction> {
    const { sanction, pushes, notice } = await this.db.transaction(async (tx) => {
      const [event] = await tx
        .select({ organizationId: events.organizationId })
        .from(events)
        .where(eq(events.id, eventId));
      if (!event) throw new AppError(ErrorCode.NOT_FOUND, 404, 'No such event.');
      const author = await this.participant(tx, participant);
      if (!author || (participant.kind === 'guest' && author.eventId !== eventId))
        throw invalidField(
          'participant.id',
          participant.kind === 'user' ? 'is not an account' : 'is not a guest of this event',
          participant.kind === 'user' ? 'unknown_user' : 'unknown_guest',
        );
      const values = {
        organizationId: event.organizationId,
        eventId,
        participantKind: participant.kind,
        participantId: participant.id,
        kind,
        until,
        reason,
        createdBy: caller.actor.kind === 'user' ? caller.actor.userId : null,
      };
      const [row] = await tx
        .insert(chatSanctions)
        .values(values)
        .onConflictDoUpdate({
          target: [
            chatSanctions.eventId,
            chatSanctions.participantKind,
            chatSanctions.participantId,
            chatSanctions.kind,
          ],
          set: { until, reason, createdBy: values.createdBy, createdAt: new Date() },
        })
        .returning();
      await this.audit.recordChange(tx, {
        actor: auditActorOf(caller.actor, caller.meta),
        action: kind === 'mute' ? 'chat.participant.muted' : 'chat.participant.banned',
        organizationId: event.organizationId,
        subject: { type: 'chat_sanction', id: row!.id },
        metadata: {
          eventId,
          participantKind: participant.kind,
          participantId: participant.id,
          until: until?.toISOString() ?? null,
          reason,
        },
      });
      const notice: ChatModerationNotice = {
        action: kind,
        participant: { kind: author.kind, id: author.id, name: author.name },
        until: until?.toISOString() ?? null,
        messageId: null,
      };
      return { sanction: sanctionDto(row!), pushes: await this.pushToRooms(tx, eventId, notice), notice };
    });
    await this.publisher.publish(pushes);
    await this.notify(participant.id, notice);
    return sanction;
  }

  /** The participant's personal notice (`user:{id}`), so they learn of it in any room or none. */
  private async notify(userId: string, notice: ChatModerationNotice): Promise<void> {
    // Guests have no personal channel; they see the notice on the event's room chats.
    if (notice.participant?.kind === 'guest') return;
    // Ephemeral and best effort: the sanction itself is stored and answers every later attempt to write.
    await this.gateway.publish(`user:${userId}`, ChatPushEvent.MODERATION, notice).catch(() => {});
  }

  private async roomChannels(executor: Executor, eventId: string) {
    const rows = await executor
      .select({ id: chatChannels.id, kind: chatChannels.kind })
      .from(chatChannels)
      .where(and(eq(chatChannels.eventId, eventId), inArray(chatChannels.kind, ['stage', 'room'])));
    return rows.map((r) => ({ id: r.id, name: realtimeChannelOf(r.kind, r.id) }));
  }

  private async pushToRooms(tx: Executor, eventId: string, notice: ChatModerationNotice): Promise<PendingPush[]> {
    const pushes: PendingPush[] = [];
    for (const channel of await this.roomChannels(tx, eventId)) {
      const locked = await nextSeq(tx, channel.id);
      pushes.push(await appendLog(tx, locked!, ChatPushEvent.MODERATION, notice));
    }
    return pushes;
  }

  /** The account or the guest a sanction names (guests with their event, which they belong to). */
  private async participant(executor: Executor, ref: ParticipantRef) {
    if (ref.kind === 'guest') {
      const [guest] = await executor
        .select({ name: chatGuests.name, eventId: chatGuests.eventId })
        .from(chatGuests)
        .where(eq(chatGuests.id, ref.id));
      return guest ? { kind: 'guest' as const, id: ref.id, name: guest.name, eventId: guest.eventId } : null;
    }
    const [user] = await executor.select({ name: users.name }).from(users).where(eq(users.id, ref.id));
    return user ? { kind: 'user' as const, id: ref.id, name: user.name, eventId: null } : null;
  }

  private async participantAuthor(executor: Executor, ref: ParticipantRef) {
    const found = await this.participant(executor, ref);
    return found ? { kind: found.kind, id: found.id, name: found.name } : null;
  }
}
