/**
 * True when `err` (or the driver error Drizzle wrapped in `cause`) is a
 * PostgreSQL unique-constraint violation (SQLSTATE 23505).
 */
export function isUniqueViolation(err: unknown): boolean {
  for (let e: unknown = err, depth = 0; e && depth < 5; e = (e as { cause?: unknown }).cause, depth++) {
    if ((e as { code?: unknown }).code === '23505') return true;
  }
  return false;
}
