import { index, pgTable, text, timestamp, unique, uuid } from 'drizzle-orm/pg-core';
import { events } from '../catalog/schema.ts';
import { organizations } from '../organizations/schema.ts';

/**
 * An organisation's or an event's wording of one message type. A null part
 * falls back to the next level: event → organisation → Foyer's default.
 * `event_id` is null for organisation-level overrides.
 */
export const emailTemplateOverrides = pgTable(
  'email_template_overrides',
  {
    id: uuid('id').primaryKey().defaultRandom(),
    organizationId: uuid('organization_id')
      .notNull()
      .references(() => organizations.id, { onDelete: 'cascade' }),
    eventId: uuid('event_id').references(() => events.id, { onDelete: 'cascade' }),
    type: text('type').notNull(),
    subject: text('subject'),
    html: text('html'),
    text: text('text'),
    updatedAt: timestamp('updated_at', { withTimezone: true }).notNull().defaultNow(),
  },
  (t) => [
    // NULLS NOT DISTINCT: one organisation-level row per type, too.
    unique('email_template_overrides_scope_key').on(t.organizationId, t.eventId, t.type).nullsNotDistinct(),
    index('email_template_overrides_event_idx').on(t.eventId),
  ],
);
