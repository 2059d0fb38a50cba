import { index, jsonb, pgTable, text, timestamp, uuid } from 'drizzle-orm/pg-core';

/**
 * Every message Foyer sends, whatever the transport: the embedded default
 * keeps mail here instead of sending it, so an operator can read it.
 */
export const mailMessages = pgTable(
  'mail_messages',
  {
    id: uuid('id').primaryKey().defaultRandom(),
    /** Set by callers that may retry (e.g. a domain-event handler) so a message is stored once. */
    dedupeKey: text('dedupe_key').unique(),
    transport: text('transport').notNull().$type<'outbox' | 'smtp'>(),
    status: text('status').notNull().$type<'stored' | 'sent' | 'failed'>(),
    from: text('from').notNull(),
    to: jsonb('to').notNull().$type<string[]>(),
    subject: text('subject').notNull(),
    text: text('text').notNull(),
    html: text('html'),
    headers: jsonb('headers').notNull().$type<Record<string, string>>(),
    providerMessageId: text('provider_message_id'),
    error: text('error'),
    createdAt: timestamp('created_at', { withTimezone: true }).notNull().defaultNow(),
    sentAt: timestamp('sent_at', { withTimezone: true }),
  },
  (t) => [index('mail_messages_created_idx').on(t.createdAt)],
);
