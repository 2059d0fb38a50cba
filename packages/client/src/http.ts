import { ErrorCode, Problem } from '@foyer/contracts';
import type { z } from 'zod';

/** An error answered by the Foyer API, carrying its RFC 9457 problem document. */
export class FoyerApiError extends Error {
  readonly problem: Problem;
  constructor(problem: Problem) {
    super(`${problem.title}: ${problem.detail}`);
    this.name = 'FoyerApiError';
    this.problem = problem;
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
}

export interface RequestOptions<T> {
  method?: string;
  body?: unknown;
  schema: z.ZodType<T>;
  /** Statuses that are not errors for this call (e.g. 503 from `/readyz`). */
  acceptStatus?: number[];
  signal?: AbortSignal;
}

/** Sends one request and parses the answer with the contract's schema. */
export async function request<T>(options: HttpOptions, path: string, req: RequestOptions<T>): Promise<T> {
  const doFetch = options.fetch ?? globalThis.fetch.bind(globalThis);
  const headers: Record<string, string> = { accept: 'application/json', ...(options.headers?.() ?? {}) };
  if (req.body !== undefined) headers['content-type'] = 'application/json';
  const res = await doFetch(`${options.baseUrl ?? ''}${path}`, {
    method: req.method ?? 'GET',
    headers,
    body: req.body === undefined ? null : JSON.stringify(req.body),
    signal: req.signal ?? null,
  });
  const text = await res.text();
  const json: unknown = text ? safeJson(text) : undefined;
  if (!res.ok && !req.acceptStatus?.includes(res.status)) {
    const parsed = Problem.safeParse(json);
    throw new FoyerApiError(
      parsed.success
        ? parsed.data
        : {
            type: 'about:blank',
            title: res.statusText || 'Request failed',
            status: res.status,
            detail: text.slice(0, 200) || `HTTP ${res.status}`,
            code: res.status >= 500 ? ErrorCode.INTERNAL_ERROR : ErrorCode.NOT_FOUND,
          },
    );
  }
  return req.schema.parse(json);
}

function safeJson(text: string): unknown {
  try {
    return JSON.parse(text);
  } catch {
    return undefined;
  }
}
