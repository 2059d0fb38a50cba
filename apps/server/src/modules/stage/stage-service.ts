import { ErrorCode, type Stage, type StageSettingsBody } from '@foyer/contracts';
import { eq } from 'drizzle-orm';
import type { Logger } from 'pino';
import type { z } from 'zod';
import { type Actor, auditActorOf } from '../../platform/auth/actor.ts';
import type { Db } from '../../platform/db/database.ts';
import { AppError } from '../../platform/http/problem.ts';
import type { RealtimeGateway } from '../../platform/realtime/gateway.ts';
import type { AuditService } from '../audit/index.ts';
import { events } from '../catalog/index.ts';
import type { ChatChannelsService } from '../chat/index.ts';
import { eventStages, type StoredPlayer } from './schema.ts';
import { normaliseSource, playerDto } from './stage-sources.ts';

type SettingsInput = z.output<typeof StageSettingsBody>;
type PlayerInput = SettingsInput['player'];

/** Pushed on `event:{id}` when the stage changes, so open stage pages load the new player and chat. */
export const STAGE_UPDATED = 'stage.updated';

const notSetUp = () => new AppError(ErrorCode.STAGE_NOT_SET_UP, 404, 'This event has no stage.');

/**
 * The one-page stage of an event: its settings (organizers), and its
 * configuration for the page (anyone who may see the event, once enabled).
 * The stage's chat is made with it, in the same transaction.
 */
export class StageService {
  constructor(
    private readonly db: Db,
    private readonly chatChannels: ChatChannelsService,
    private readonly audit: AuditService,
    private readonly gateway: RealtimeGateway,
    private readonly logger: Logger,
  ) {}

  /** The stage; organizers (`manager`) see it while switched off too, everyone else gets STAGE_NOT_SET_UP. */
  async get(eventId: string, manager: boolean): Promise<Stage> {
    const [row] = await this.db.select().from(eventStages).where(eq(eventStages.eventId, eventId));
    if (!row || (!row.enabled && !manager)) throw notSetUp();
    return stageDto(row, manager);
  }

  /** Sets the stage (creating it, and its chat, on first use); audited and pushed on the event's channel. */
  async put(
    caller: { actor: Actor; meta?: { ip: string | null; userAgent: string | null } },
    eventId: string,
    input: SettingsInput,
  ): Promise<Stage> {
    const player = storedPlayer(input.player, 'player');
    const secondStream = input.secondStream
      ? { ...storedPlayer(input.secondStream, 'secondStream'), label: input.secondStream.label }
      : null;
    const row = await this.db.transaction(async (tx) => {
      // Locks the event's row: two organizers saving at once make one stage chat, not two.
      const [event] = await tx
        .select({ organizationId: events.organizationId })
        .from(events)
        .where(eq(events.id, eventId))
        .for('update');
      if (!event) throw new AppError(ErrorCode.NOT_FOUND, 404, 'No such event.');
      const [existing] = await tx.select().from(eventStages).where(eq(eventStages.eventId, eventId));
      const chatChannelId = await this.chatChannels.stageChatIn(
        tx,
        {
          organizationId: event.organizationId,
          eventId,
          channelId: existing?.chatChannelId ?? null,
          createdBy: caller.actor.kind === 'user' ? caller.actor.userId : null,
        },
        input.chat,
      );
      const values = {
        organizationId: event.organizationId,
        enabled: input.enabled,
        player,
        secondStream,
        chatMode: input.chat,
        // A stage whose chat is off keeps the channel (and its history) for when it is switched on again.
        chatChannelId: chatChannelId ?? existing?.chatChannelId ?? null,
        updatedAt: new Date(),
      };
      const [saved] = await tx
        .insert(eventStages)
        .values({ eventId, ...values })
        .onConflictDoUpdate({ target: eventStages.eventId, set: values })
        .returning();
      await this.audit.recordChange(tx, {
        actor: auditActorOf(caller.actor, caller.meta),
        action: existing ? 'stage.updated' : 'stage.created',
        organizationId: event.organizationId,
        subject: { type: 'event', id: eventId },
        metadata: { enabled: input.enabled, player: player.kind, chat: input.chat },
      });
      return saved!;
    });
    await this.gateway
      .publish(`event:${eventId}`, STAGE_UPDATED, { updatedAt: row.updatedAt.toISOString() })
      .catch((err) => this.logger.warn({ err, eventId }, 'stage: could not push the change'));
    return stageDto(row, true);
  }
}

function storedPlayer(input: PlayerInput, field: string): StoredPlayer {
  return {
    kind: input.kind,
    source: normaliseSource(input.kind, input.source, `${field}.source`),
    poster: input.poster ?? null,
    tracks: (input.tracks ?? []).map((t) => ({ src: t.src, srclang: t.srclang, label: t.label, kind: t.kind })),
  };
}

/** The stage as a caller sees it; `manager`: they organize the event (and so moderate its chat). */
function stageDto(row: typeof eventStages.$inferSelect, manager: boolean): Stage {
  return {
    eventId: row.eventId,
    enabled: row.enabled,
    player: playerDto(row.player),
    secondStream: row.secondStream ? { ...playerDto(row.secondStream), label: row.secondStream.label } : null,
    chat: { mode: row.chatMode, channelId: row.chatMode === 'off' ? null : row.chatChannelId },
    canModerate: manager,
    updatedAt: row.updatedAt.toISOString(),
  };
}
