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

/** The SQLSTATE of `err` or of the driver error it wraps, if any. */
export function sqlStateOf(err: unknown): string | null {
  for (let e: unknown = err, depth = 0; e && depth < 5; e = (e as { cause?: unknown }).cause, depth++) {
    const code = (e as { code?: unknown }).code;
    if (typeof code === 'string' && /^[0-9A-Z]{5}$/.test(code)) return code;
  }
  return null;
}

const UNAVAILABLE_SOCKET_CODES = new Set([
  'ECONNREFUSED',
  'ECONNRESET',
  'ETIMEDOUT',
  'EHOSTUNREACH',
  'ENETUNREACH',
  'ENOTFOUND',
  'EAI_AGAIN',
  'EPIPE',
]);
// node-postgres's own messages for a pool that could not connect in time, a
// connection cut mid-query, and a query that outlived `query_timeout`.
const UNAVAILABLE_MESSAGES =
  /timeout exceeded when trying to connect|Connection terminated|Query read timeout|not queryable|Connection ended/i;

/**
 * True when `err` says the database cannot be reached or did not answer in
 * time — connection refused or cut, pool or statement timeout, server
 * shutting down or out of connections — rather than that the query was wrong.
 */
export function isDatabaseUnavailable(err: unknown): boolean {
  for (let e: unknown = err, depth = 0; e && depth < 5; e = (e as { cause?: unknown }).cause, depth++) {
    const code = (e as { code?: unknown }).code;
    if (typeof code === 'string') {
      if (UNAVAILABLE_SOCKET_CODES.has(code)) return true;
      // 08: connection exception; 57014: statement timeout / cancelled; 57P0x: shutting down;
      // 53300: too many connections; 25P03: idle-in-transaction timeout.
      if (/^08/.test(code) || /^57(014|P0[1-4])$/.test(code) || code === '53300' || code === '25P03') return true;
    }
    if (e instanceof AggregateError && e.errors.some((inner) => isDatabaseUnavailable(inner))) return true;
    if (e instanceof Error && UNAVAILABLE_MESSAGES.test(e.message)) return true;
  }
  return false;
}

/**
 * True when PostgreSQL gave up on a transaction because it collided with
 * another — a deadlock (40P01) or a serialization failure (40001). Neither
 * says the request was wrong: run the whole transaction again.
 */
export function isTransientConflict(err: unknown): boolean {
  return hasSqlState(err, '40P01') || hasSqlState(err, '40001');
}

/**
 * Runs `attempt` (a whole transaction) again when it fails on a transient
 * conflict, up to `tries` times, with a short jittered pause between, so
 * that two writers that deadlocked do not collide again in lockstep.
 */
export async function retryTransientConflicts<T>(attempt: () => Promise<T>, tries = 4): Promise<T> {
  for (let n = 1; ; n++) {
    try {
      return await attempt();
    } catch (err) {
      if (n >= tries || !isTransientConflict(err)) throw err;
      await new Promise((resolve) => setTimeout(resolve, 5 * n + Math.random() * 20 * n));
    }
  }
}
