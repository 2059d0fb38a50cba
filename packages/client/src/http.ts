import { ErrorCode, Problem, SESSION_MODE_HEADER } from '@foyer/contracts';
import type { z } from 'zod';

/** An error answered by the Foyer API, carrying its RFC 9457 problem document. */
export class FoyerApiError extends Error {
  readonly problem: Problem;
  /** Seconds from the `Retry-After` header of a 429 (or 503), when the server sent one. */
  readonly retryAfter: number | null;
  constructor(problem: Problem, retryAfter: number | null = null) {
    super(`${problem.title}: ${problem.detail}`);
    this.name = 'FoyerApiError';
    this.problem = problem;
    this.retryAfter = retryAfter;
  }
  get status(): number {
    return this.problem.status;
  }
  get code(): ErrorCode {
    return this.problem.code;
  }
}

export interface HttpOptions {
  /** Origin of the Foyer server, e.g. `https://events.example.org`; empty for same-origin. */
  baseUrl?: string;
  fetch?: typeof fetch;
  headers?: () => Record<string, string>;
  /**
   * The access token for signed-in calls, asked for before every request so
   * the caller can refresh it first. Answer null when nobody is signed in.
   */
  accessToken?: () => string | null | Promise<string | null>;
  /**
   * Called when a call sent with an access token answers 401 INVALID_TOKEN
   * (expired, or its session was revoked). Answer true when a fresh token is
   * available; the call is then retried once.
   */
  onInvalidToken?: () => Promise<boolean>;
  /**
   * `cookie` (browsers): sign-in answers put the refresh token in an httpOnly
   * cookie instead of the body, and auth calls include credentials.
   * `body` (default): the refresh token is returned and sent in bodies.
   */
  sessionMode?: 'cookie' | 'body';
}

/** Anything with zod's `parse`: a contract schema, or a small wrapper around one. */
export interface Parser<T> {
  parse(input: unknown): T;
}

/** Parses a `{ items: [...] }` list answer and unwraps it to the array. */
export function itemsOf<T>(item: z.ZodType<T>): Parser<T[]> {
  const list = item.array();
  return {
    parse: (input) =>
      list.parse(typeof input === 'object' && input !== null ? (input as { items?: unknown }).items : input),
  };
}

type QueryValue = string | number | boolean | null | undefined;

export interface RequestOptions<T> {
  method?: string;
  body?: unknown;
  /** Query parameters; null, undefined and '' are left out. */
  query?: Record<string, QueryValue>;
  /** The contract of the answer, or null for answers without a body (204). */
  schema: Parser<T> | null;
  /** Statuses that are not errors for this call (e.g. 503 from `/readyz`). */
  acceptStatus?: number[];
  signal?: AbortSignal | undefined;
  /** Never send the access token (sign-in and refresh calls). */
  anonymous?: boolean;
  /** Extra headers of this call (e.g. `Idempotency-Key`). */
  headers?: Record<string, string>;
  /** An `/auth` call that reads or sets the refresh-token cookie in cookie mode. */
  sessionCookie?: boolean;
}

/** Sends one request and parses the answer with the contract's schema. */
export function request<T>(
  options: HttpOptions,
  path: string,
  req: RequestOptions<T> & { schema: Parser<T> },
): Promise<T>;
export function request(
  options: HttpOptions,
  path: string,
  req: RequestOptions<void> & { schema: null },
): Promise<void>;
export async function request<T>(options: HttpOptions, path: string, req: RequestOptions<T>): Promise<T | undefined> {
  const token = req.anonymous ? null : ((await options.accessToken?.()) ?? null);
  let res = await send(options, path, req, token);
  // One retry with a fresh token covers expiry and clock skew; a second 401 is final.
  if (token && res.status === 401 && options.onInvalidToken && (await isInvalidToken(res.clone()))) {
    if (await options.onInvalidToken()) {
      const fresh = (await options.accessToken?.()) ?? null;
      if (fresh && fresh !== token) res = await send(options, path, req, fresh);
    }
  }
  const text = await res.text();
  const json: unknown = text ? safeJson(text) : undefined;
  if (!res.ok && !req.acceptStatus?.includes(res.status)) throw toError(res, json, text);
  if (req.schema === null) return undefined;
  return req.schema.parse(json);
}

function send(options: HttpOptions, path: string, req: RequestOptions<unknown>, token: string | null) {
  const doFetch = options.fetch ?? globalThis.fetch.bind(globalThis);
  const headers: Record<string, string> = {
    accept: 'application/json',
    ...(options.headers?.() ?? {}),
    ...(req.headers ?? {}),
  };
  if (req.body !== undefined) headers['content-type'] = 'application/json';
  if (token) headers.authorization = `Bearer ${token}`;
  const cookieMode = req.sessionCookie && options.sessionMode === 'cookie';
  if (cookieMode) headers[SESSION_MODE_HEADER] = 'cookie';
  return doFetch(`${options.baseUrl ?? ''}${path}${queryString(req.query)}`, {
    method: req.method ?? 'GET',
    headers,
    body: req.body === undefined ? null : JSON.stringify(req.body),
    signal: req.signal ?? null,
    // The refresh cookie must travel even when the API is on another origin.
    ...(cookieMode ? { credentials: 'include' as const } : {}),
  });
}

async function isInvalidToken(res: Response): Promise<boolean> {
  const parsed = Problem.safeParse(safeJson(await res.text()));
  return parsed.success && parsed.data.code === ErrorCode.INVALID_TOKEN;
}

function toError(res: Response, json: unknown, text: string): FoyerApiError {
  const parsed = Problem.safeParse(json);
  const retryAfter = Number.parseInt(res.headers.get('retry-after') ?? '', 10);
  return new FoyerApiError(
    parsed.success
      ? parsed.data
      : {
          type: 'about:blank',
          title: res.statusText || 'Request failed',
          status: res.status,
          detail: text.slice(0, 200) || `HTTP ${res.status}`,
          code: res.status >= 500 ? ErrorCode.INTERNAL_ERROR : ErrorCode.NOT_FOUND,
        },
    Number.isFinite(retryAfter) ? retryAfter : null,
  );
}

function queryString(query: Record<string, QueryValue> | undefined): string {
  if (!query) return '';
  const params = new URLSearchParams();
  for (const [key, value] of Object.entries(query)) {
    if (value !== undefined && value !== null && value !== '') params.set(key, String(value));
  }
  const s = params.toString();
  return s ? `?${s}` : '';
}

function safeJson(text: string): unknown {
  try {
    return JSON.parse(text);
  } catch {
    return undefined;
  }
}
