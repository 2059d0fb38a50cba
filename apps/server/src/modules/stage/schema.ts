import { sql } from 'drizzle-orm';
import { boolean, check, json, pgTable, text, timestamp, uuid } from 'drizzle-orm/pg-core';
import { events } from '../catalog/schema.ts';
import { chatChannels } from '../chat/schema.ts';

export interface StoredPlayer {
  kind: 'hls' | 'youtube' | 'vimeo' | 'file';
  source: string;
  poster: string | null;
  tracks: { src: string; srclang: string; label: string; kind: 'captions' | 'subtitles' }[];
}

/**
 * The one-page stage of an event (the original SimpleEventStage): what its
 * player plays, an optional second stream, and its chat. One per event,
 * gone with the event.
 */
export const eventStages = pgTable(
  'event_stages',
  {
    eventId: uuid('event_id')
      .primaryKey()
      .references(() => events.id, { onDelete: 'cascade' }),
    organizationId: uuid('organization_id').notNull(),
    enabled: boolean('enabled').notNull().default(false),
    player: json('player').notNull().$type<StoredPlayer>(),
    secondStream: json('second_stream').$type<(StoredPlayer & { label: string }) | null>(),
    chatMode: text('chat_mode').notNull().$type<'off' | 'accounts' | 'guests'>().default('guests'),
    chatChannelId: uuid('chat_channel_id').references(() => chatChannels.id, { onDelete: 'set null' }),
    updatedAt: timestamp('updated_at', { withTimezone: true }).notNull().defaultNow(),
  },
  (t) => [check('event_stages_chat_mode_check', sql`${t.chatMode} in ('off', 'accounts', 'guests')`)],
);
