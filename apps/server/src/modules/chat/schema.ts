import { sql } from 'drizzle-orm';
import {
  type AnyPgColumn,
  boolean,
  check,
  index,
  integer,
  json,
  pgTable,
  primaryKey,
  text,
  timestamp,
  uniqueIndex,
  uuid,
} from 'drizzle-orm/pg-core';
import { events } from '../catalog/schema.ts';
import { users } from '../identity/schema.ts';

export type ChatChannelKindValue = 'stage' | 'room' | 'group' | 'direct';

/**
 * A chat of an event: the stage's or a room's (realtime channel `room:{id}`),
 * or a group or direct conversation (`conversation:{id}`). `seq` is the
 * channel's counter: every push on the channel takes the next number by
 * updating this row inside the transaction that stores it, so numbers are
 * gapless and in commit order whatever the number of writers.
 */
export const chatChannels = pgTable(
  'chat_channels',
  {
    id: uuid('id').primaryKey().defaultRandom(),
    organizationId: uuid('organization_id').notNull(),
    eventId: uuid('event_id')
      .notNull()
      .references(() => events.id, { onDelete: 'cascade' }),
    kind: text('kind').notNull().$type<ChatChannelKindValue>(),
    name: text('name'),
    slowModeSeconds: integer('slow_mode_seconds').notNull().default(0),
    readOnly: boolean('read_only').notNull().default(false),
    /** Stage and room chats: whether signed guest identities (no account) may write. */
    guestsAllowed: boolean('guests_allowed').notNull().default(false),
    /** Switched off by its owner (the stage's chat off): history stays readable, nobody writes. */
    disabled: boolean('disabled').notNull().default(false),
    seq: integer('seq').notNull().default(0),
    /** Direct conversations: the two user ids in order, so a pair has one conversation per event. */
    directKey: text('direct_key'),
    createdBy: uuid('created_by'),
    createdAt: timestamp('created_at', { withTimezone: true }).notNull().defaultNow(),
  },
  (t) => [
    index('chat_channels_event_idx').on(t.eventId, t.kind),
    uniqueIndex('chat_channels_direct_idx').on(t.eventId, t.directKey),
    check('chat_channels_kind_check', sql`${t.kind} in ('stage', 'room', 'group', 'direct')`),
    check('chat_channels_slow_mode_check', sql`${t.slowModeSeconds} between 0 and 3600`),
  ],
);

/**
 * A guest of an event's stage: a display name picked without an account,
 * held by the visitor in a signed cookie. Mutes and bans name it like an
 * account; it goes with the event.
 */
export const chatGuests = pgTable(
  'chat_guests',
  {
    id: uuid('id').primaryKey().defaultRandom(),
    organizationId: uuid('organization_id').notNull(),
    eventId: uuid('event_id')
      .notNull()
      .references(() => events.id, { onDelete: 'cascade' }),
    name: text('name').notNull(),
    createdAt: timestamp('created_at', { withTimezone: true }).notNull().defaultNow(),
  },
  (t) => [index('chat_guests_event_idx').on(t.eventId)],
);

/** Who is in a conversation (rooms and the stage have no member list: the event's audience is). */
export const chatMembers = pgTable(
  'chat_members',
  {
    channelId: uuid('channel_id')
      .notNull()
      .references(() => chatChannels.id, { onDelete: 'cascade' }),
    userId: uuid('user_id')
      .notNull()
      .references(() => users.id, { onDelete: 'cascade' }),
    role: text('role').notNull().$type<'owner' | 'member'>().default('member'),
    joinedAt: timestamp('joined_at', { withTimezone: true }).notNull().defaultNow(),
  },
  (t) => [primaryKey({ columns: [t.channelId, t.userId] }), index('chat_members_user_idx').on(t.userId)],
);

/**
 * A chat message: plain text (never HTML) with the links found in it. The
 * author is an account, or (with the stage) a guest identity, told apart by
 * `author_kind`; the name is kept as it was when posted.
 */
export const chatMessages = pgTable(
  'chat_messages',
  {
    id: uuid('id').primaryKey().defaultRandom(),
    channelId: uuid('channel_id')
      .notNull()
      .references(() => chatChannels.id, { onDelete: 'cascade' }),
    eventId: uuid('event_id').notNull(),
    /** The channel's sequence number of the message's creation. */
    seq: integer('seq').notNull(),
    authorKind: text('author_kind').notNull().$type<'user' | 'guest'>(),
    authorUserId: uuid('author_user_id').references(() => users.id, { onDelete: 'set null' }),
    authorGuestId: uuid('author_guest_id'),
    authorName: text('author_name').notNull(),
    text: text('text').notNull(),
    links: json('links').notNull().$type<{ url: string; start: number; end: number }[]>().default([]),
    replyTo: uuid('reply_to').references((): AnyPgColumn => chatMessages.id, { onDelete: 'set null' }),
    replyCount: integer('reply_count').notNull().default(0),
    createdAt: timestamp('created_at', { withTimezone: true }).notNull().defaultNow(),
    editedAt: timestamp('edited_at', { withTimezone: true }),
    deletedAt: timestamp('deleted_at', { withTimezone: true }),
    deletedBy: text('deleted_by').$type<'author' | 'moderator'>(),
  },
  (t) => [
    uniqueIndex('chat_messages_channel_seq_idx').on(t.channelId, t.seq),
    index('chat_messages_author_idx').on(t.channelId, t.authorUserId, t.seq),
    index('chat_messages_reply_idx').on(t.replyTo, t.seq),
    index('chat_messages_created_idx').on(t.channelId, t.createdAt),
    check('chat_messages_author_kind_check', sql`${t.authorKind} in ('user', 'guest')`),
    check(
      'chat_messages_author_check',
      sql`(${t.authorKind} = 'guest' and ${t.authorGuestId} is not null) or (${t.authorKind} = 'user' and ${t.authorGuestId} is null)`,
    ),
    check('chat_messages_text_length_check', sql`char_length(${t.text}) <= 2000`),
  ],
);

/** One participant's reaction to a message. */
export const chatReactions = pgTable(
  'chat_reactions',
  {
    messageId: uuid('message_id')
      .notNull()
      .references(() => chatMessages.id, { onDelete: 'cascade' }),
    participantKind: text('participant_kind').notNull().$type<'user' | 'guest'>(),
    participantId: uuid('participant_id').notNull(),
    emoji: text('emoji').notNull(),
    createdAt: timestamp('created_at', { withTimezone: true }).notNull().defaultNow(),
  },
  (t) => [primaryKey({ columns: [t.messageId, t.participantKind, t.participantId, t.emoji] })],
);

/**
 * Every push of a channel in sequence order — what a resuming socket is
 * replayed from. Rows of a message carry its id, so an edit or a deletion
 * rewrites what earlier pushes say about it (a deleted message's text is
 * not replayed to anyone).
 */
export const chatLog = pgTable(
  'chat_log',
  {
    channelId: uuid('channel_id')
      .notNull()
      .references(() => chatChannels.id, { onDelete: 'cascade' }),
    seq: integer('seq').notNull(),
    event: text('event').notNull(),
    messageId: uuid('message_id'),
    data: json('data').notNull(),
    at: timestamp('at', { withTimezone: true }).notNull().defaultNow(),
  },
  (t) => [primaryKey({ columns: [t.channelId, t.seq] }), index('chat_log_message_idx').on(t.messageId)],
);

/** A mute (until a time) or a ban of a participant in an event's chats. */
export const chatSanctions = pgTable(
  'chat_sanctions',
  {
    id: uuid('id').primaryKey().defaultRandom(),
    organizationId: uuid('organization_id').notNull(),
    eventId: uuid('event_id')
      .notNull()
      .references(() => events.id, { onDelete: 'cascade' }),
    participantKind: text('participant_kind').notNull().$type<'user' | 'guest'>(),
    participantId: uuid('participant_id').notNull(),
    kind: text('kind').notNull().$type<'mute' | 'ban'>(),
    until: timestamp('until', { withTimezone: true }),
    reason: text('reason'),
    createdBy: uuid('created_by'),
    createdAt: timestamp('created_at', { withTimezone: true }).notNull().defaultNow(),
  },
  (t) => [
    uniqueIndex('chat_sanctions_participant_idx').on(t.eventId, t.participantKind, t.participantId, t.kind),
    check('chat_sanctions_kind_check', sql`${t.kind} in ('mute', 'ban')`),
  ],
);
