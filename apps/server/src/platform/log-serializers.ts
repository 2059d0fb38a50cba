import pino from 'pino';

/*
 * What a log line may say about a request or an error. Logs are kept
 * longer and read by more people than the database, so they carry no
 * credentials and no personal data:
 * - URLs lose the values of token-like query parameters (registration-link
 *   tokens, reset tokens, codes, keys, signatures);
 * - a failed query is logged with its statement and SQLSTATE, never its
 *   parameter values (emails, names) nor the driver's detail text, which
 *   quotes the offending values.
 */

const SECRET_PARAMETER = /token|code|secret|password|passwd|key|sig|signature|otp|auth|session|jwt|hash/i;
const REDACTED = '[redacted]';

/** `url` with the values of token-like query parameters replaced. */
export function redactUrl(url: string): string {
  const q = url.indexOf('?');
  if (q < 0) return url;
  const query = url
    .slice(q + 1)
    .split('&')
    .map((pair) => {
      const eq = pair.indexOf('=');
      if (eq < 0) return pair;
      let name = pair.slice(0, eq);
      try {
        name = decodeURIComponent(name.replace(/\+/g, ' '));
      } catch {}
      return SECRET_PARAMETER.test(name) ? `${pair.slice(0, eq)}=${REDACTED}` : pair;
    })
    .join('&');
  return `${url.slice(0, q)}?${query}`;
}

interface RequestLike {
  method?: string;
  url?: string;
  host?: string;
  ip?: string;
  socket?: { remotePort?: number };
  headers?: Record<string, unknown>;
  id?: unknown;
}

/** Fastify's request serializer, with the URL redacted. */
function serializeRequest(req: RequestLike) {
  return {
    method: req.method,
    url: typeof req.url === 'string' ? redactUrl(req.url) : req.url,
    host: req.host,
    remoteAddress: req.ip,
    remotePort: req.socket?.remotePort,
  };
}

interface QueryFailure {
  /** The SQL text, with `$n` placeholders where the values went. */
  query?: string;
  code?: string;
  constraint?: string;
  table?: string;
  column?: string;
}

/** The query failure in `err`'s cause chain: Drizzle's wrapper and the driver's error below it. */
function queryFailureOf(err: unknown): QueryFailure | null {
  let found: QueryFailure | null = null;
  for (
    let e: unknown = err, depth = 0;
    e && typeof e === 'object' && depth < 6;
    e = (e as { cause?: unknown }).cause, depth++
  ) {
    const x = e as Record<string, unknown>;
    const isWrapper = typeof x.query === 'string' && 'params' in x;
    const isDriver = typeof x.code === 'string' && /^[0-9A-Z]{5}$/.test(x.code) && ('severity' in x || 'routine' in x);
    if (!isWrapper && !isDriver) continue;
    found ??= {};
    if (isWrapper && found.query === undefined) found.query = x.query as string;
    if (isDriver) {
      found.code ??= x.code as string;
      if (typeof x.constraint === 'string') found.constraint ??= x.constraint;
      if (typeof x.table === 'string') found.table ??= x.table;
      if (typeof x.column === 'string') found.column ??= x.column;
    }
  }
  return found;
}

/** pino's error serializer, except that a failed query keeps only its statement and code. */
export function serializeError(err: unknown): unknown {
  const failure = queryFailureOf(err);
  if (!failure) return pino.stdSerializers.err(err as Error);
  const e = err as Error;
  const frames = typeof e.stack === 'string' ? e.stack.split('\n').filter((l) => /^\s+at /.test(l)) : [];
  return {
    type: e?.constructor?.name ?? 'Error',
    message: `Failed query${failure.code ? ` (SQLSTATE ${failure.code})` : ''}`,
    ...failure,
    stack: frames.join('\n'),
  };
}

/** Serializers of every Foyer log line (Fastify uses the logger's own over its defaults). */
export const LOG_SERIALIZERS = { req: serializeRequest, err: serializeError };
