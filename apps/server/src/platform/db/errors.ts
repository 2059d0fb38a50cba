/**
 * True when `err` (or the driver error Drizzle wrapped in `cause`) is a
 * PostgreSQL unique-constraint violation (SQLSTATE 23505).
 */
export function isUniqueViolation(err: unknown): boolean {
  return hasSqlState(err, '23505');
}

/** True when `err` (or the error it wraps) is a PostgreSQL foreign-key violation (SQLSTATE 23503). */
export function isForeignKeyViolation(err: unknown): boolean {
  return hasSqlState(err, '23503');
}

function hasSqlState(err: unknown, code: string): boolean {
  for (let e: unknown = err, depth = 0; e && depth < 5; e = (e as { cause?: unknown }).cause, depth++) {
    if ((e as { code?: unknown }).code === code) return true;
  }
  return false;
}
