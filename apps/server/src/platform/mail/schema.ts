import { index, integer, jsonb, pgTable, text, timestamp, uuid } from 'drizzle-orm/pg-core';

/**
 * Every message Foyer sends, whatever the transport. Recipients and
 * content are personal data, so they are stored encrypted
 * (`content_encrypted`); `recipient_hashes` are blind indexes for lookup.
 * The embedded default keeps messages here instead of sending them.
 */
export const mailMessages = pgTable(
  'mail_messages',
  {
    id: uuid('id').primaryKey().defaultRandom(),
    /** Set by callers that may retry so a message is queued once. */
    dedupeKey: text('dedupe_key').unique(),
    /** What kind of message this is, e.g. `auth.magic-code`; no personal data. */
    template: text('template'),
    transport: text('transport').notNull().$type<'outbox' | 'smtp'>(),
    status: text('status').notNull().$type<'queued' | 'stored' | 'sent' | 'failed'>(),
    recipientHashes: jsonb('recipient_hashes').notNull().$type<string[]>(),
    contentEncrypted: text('content_encrypted').notNull(),
    providerMessageId: text('provider_message_id'),
    attempts: integer('attempts').notNull().default(0),
    error: text('error'),
    createdAt: timestamp('created_at', { withTimezone: true }).notNull().defaultNow(),
    sentAt: timestamp('sent_at', { withTimezone: true }),
  },
  (t) => [index('mail_messages_created_idx').on(t.createdAt)],
);
