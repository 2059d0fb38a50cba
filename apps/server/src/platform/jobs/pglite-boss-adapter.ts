import type PgBoss from 'pg-boss';
import type { SqlRunner } from '../db/database.ts';

/**
 * Lets pg-boss run on PGlite. pg-boss sends its multi-statement scripts
 * (schema install, maintenance) without parameters; those must go through
 * `exec`, which accepts several statements, and everything else through
 * `query`, which binds parameters.
 */
export function pgliteBossAdapter(sql: SqlRunner): PgBoss.Db {
  return {
    executeSql: (text: string, values: unknown[]) =>
      !values || values.length === 0 ? sql.exec(text) : sql.query(text, values),
  };
}
