import fs from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import type { NodePgDatabase } from 'drizzle-orm/node-postgres';
import { migrate as migrateNodePg } from 'drizzle-orm/node-postgres/migrator';
import type { PgliteDatabase } from 'drizzle-orm/pglite';
import { migrate as migratePglite } from 'drizzle-orm/pglite/migrator';
import type { Database, SqlRunner } from './database.ts';

export const MIGRATIONS_DIR = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../../../drizzle');

// An arbitrary constant shared by every Foyer process: "the migration lock".
const MIGRATION_LOCK_KEY = 7_246_100_001;

interface JournalEntry {
  tag: string;
  when: number;
}

/** The migrations shipped with this build, in order. */
export function shippedMigrations(): JournalEntry[] {
  const journal = JSON.parse(fs.readFileSync(path.join(MIGRATIONS_DIR, 'meta/_journal.json'), 'utf8')) as {
    entries: JournalEntry[];
  };
  return journal.entries;
}

/** How many migrations the database has recorded as applied. */
export async function appliedMigrationCount(sql: SqlRunner): Promise<number> {
  const exists = await sql.query<{ exists: boolean }>(
    `select to_regclass('drizzle.__drizzle_migrations') is not null as exists`,
  );
  if (!exists.rows[0]?.exists) return 0;
  const res = await sql.query<{ n: number }>('select count(*)::int as n from drizzle.__drizzle_migrations');
  return res.rows[0]?.n ?? 0;
}

/**
 * Applies pending migrations under a session-level advisory lock, so several
 * processes starting together apply them exactly once: the others wait for
 * the lock, then find nothing left to do. Returns how many were applied.
 */
export async function runMigrations(database: Database): Promise<{ applied: number; total: number }> {
  const total = shippedMigrations().length;
  return database.withConnection(
    async ({ db, sql }) => {
      await sql.query('select pg_advisory_lock($1)', [MIGRATION_LOCK_KEY]);
      try {
        const before = await appliedMigrationCount(sql);
        if (before < total) {
          if (database.kind === 'pglite') {
            await migratePglite(db as unknown as PgliteDatabase, { migrationsFolder: MIGRATIONS_DIR });
          } else {
            await migrateNodePg(db as unknown as NodePgDatabase, { migrationsFolder: MIGRATIONS_DIR });
          }
        }
        const after = await appliedMigrationCount(sql);
        return { applied: after - before, total };
      } finally {
        await sql.query('select pg_advisory_unlock($1)', [MIGRATION_LOCK_KEY]);
      }
    },
    // Waiting for another process's migration, or a long migration, is no stall.
    { unbounded: true },
  );
}
