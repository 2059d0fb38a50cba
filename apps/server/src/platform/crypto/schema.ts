import { sql } from 'drizzle-orm';
import { check, pgTable, smallint, text, timestamp } from 'drizzle-orm/pg-core';

/**
 * One row: a fingerprint of the root secret the database was set up with, so
 * a process started with another `FOYER_SECRET` refuses to start instead of
 * failing on every encrypted field (and on other processes' jobs).
 */
export const rootSecretFingerprint = pgTable(
  'root_secret_fingerprint',
  {
    id: smallint('id').primaryKey().default(1),
    fingerprint: text('fingerprint').notNull(),
    recordedAt: timestamp('recorded_at', { withTimezone: true }).notNull().defaultNow(),
  },
  (t) => [check('root_secret_fingerprint_one_row', sql`${t.id} = 1`)],
);
