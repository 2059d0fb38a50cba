import type { FastifyReply, FastifyRequest } from 'fastify';
import { corsHeadersWithoutOrigin } from './cors.ts';

/**
 * Answers a request from memory when it can (true), or declines (false)
 * and leaves the request untouched for the normal pipeline.
 */
export type EarlyAnswer = (request: FastifyRequest, reply: FastifyReply) => boolean;

/**
 * Answers decided from memory alone — a revalidation of, or a cached copy
 * of, a public read — given in the first `onRequest` hook, before the rest
 * of the pipeline (security headers, CORS, validation, the access gate,
 * the handler). An early answer must be exactly what that pipeline would
 * have sent; a module registers one only for answers it can decide
 * without it (the catalogue's anonymous reads of public events).
 *
 * Requests with an `Origin` header always take the normal path, so the
 * CORS plugin decides what a browser may read. Early answers carry the CORS
 * headers the plugin gives every request without `Origin` (e.g. `Vary:
 * Origin` when origins are named), so they are the same answers.
 */
export class EarlyAnswers {
  private readonly answers: EarlyAnswer[] = [];
  private readonly corsHeaders: Record<string, string>;

  /** `corsOrigins` as configured (`CORS_ORIGINS`). */
  constructor(corsOrigins: string[] | '*') {
    this.corsHeaders = corsHeadersWithoutOrigin(corsOrigins);
  }

  /** Adds an early answer; tried in the order added. */
  add(answer: EarlyAnswer): void {
    this.answers.push(answer);
  }

  /** Gives the first early answer that applies; false when none did (the request goes on). */
  answer(request: FastifyRequest, reply: FastifyReply): boolean {
    if (this.answers.length === 0 || request.headers.origin !== undefined) return false;
    reply.headers(this.corsHeaders);
    for (const answer of this.answers) if (answer(request, reply)) return true;
    // The plugin sets them again on the normal path.
    for (const name in this.corsHeaders) reply.removeHeader(name);
    return false;
  }
}
