import { getTableColumns, getTableName, type SQL, sql } from 'drizzle-orm';
import type { PgColumn, PgTable } from 'drizzle-orm/pg-core';
import type { Executor } from './database.ts';

/**
 * Inserts many rows of `table` in one statement whose text does not grow
 * with the rows: one array parameter per column, spread by `unnest`.
 * Drizzle builds a multi-row `VALUES` statement value by value (type
 * checks and a parameter per value), which cost a rush of registrations
 * an eighth of the server's time; here a batch of 200 rows is as cheap to
 * build as one. Values are converted by the columns as Drizzle would;
 * every row must set the same columns (the others take their defaults).
 * Answers the inserted rows when `returning` is set, as `select()` would.
 */
export async function insertMany<T extends PgTable>(
  executor: Executor,
  table: T,
  rows: T['$inferInsert'][],
  options: { returning: true },
): Promise<T['$inferSelect'][]>;
export async function insertMany<T extends PgTable>(
  executor: Executor,
  table: T,
  rows: T['$inferInsert'][],
  options?: { returning?: false },
): Promise<undefined>;
export async function insertMany<T extends PgTable>(
  executor: Executor,
  table: T,
  rows: T['$inferInsert'][],
  options: { returning?: boolean } = {},
): Promise<T['$inferSelect'][] | undefined> {
  if (rows.length === 0) return options.returning ? [] : undefined;
  const columns = getTableColumns(table) as Record<string, PgColumn>;
  const records = rows as Record<string, unknown>[];
  const fields = Object.keys(columns).filter((field) => records[0]![field] !== undefined);
  const set = new Set(fields);
  for (const record of records) {
    for (const field in columns) {
      if ((record[field] !== undefined) !== set.has(field)) {
        throw new Error(`insertMany(${getTableName(table)}): every row must set the same columns (${field})`);
      }
    }
  }
  const arrays: SQL[] = fields.map((field) => {
    const column = columns[field]!;
    const values = records.map((record) => {
      const value = record[field];
      return value === null ? null : column.mapToDriverValue(value);
    });
    return sql`${sql.param(values)}::${sql.raw(arrayTypeOf(column))}`;
  });
  const names = sql.join(
    fields.map((field) => sql.identifier(columns[field]!.name)),
    sql`, `,
  );
  const statement = sql`insert into ${table} (${names}) select * from unnest(${sql.join(arrays, sql`, `)})`;
  if (!options.returning) {
    await executor.execute(statement);
    return undefined;
  }
  const result = (await executor.execute(sql`${statement} returning *`)) as { rows: unknown[] };
  const byName = new Map(Object.entries(columns).map(([field, column]) => [column.name, { field, column }]));
  return (result.rows as Record<string, unknown>[]).map((raw) => {
    const row: Record<string, unknown> = {};
    for (const [name, value] of Object.entries(raw)) {
      const known = byName.get(name);
      if (known) row[known.field] = value === null ? null : known.column.mapFromDriverValue(value);
    }
    return row as T['$inferSelect'];
  });
}

/** `uuid[]`, `jsonb[]`, `"registration_status"[]` … */
function arrayTypeOf(column: PgColumn): string {
  const type = column.getSQLType();
  return /^[a-z_][a-z0-9_ (),]*$/.test(type) ? `${type}[]` : `"${type.replaceAll('"', '""')}"[]`;
}
