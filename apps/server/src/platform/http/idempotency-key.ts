import type { FastifyRequest } from 'fastify';
import { AppError } from './problem.ts';

const IDEMPOTENCY_KEY = /^[\x21-\x7e]{1,200}$/;

/**
 * The request's `Idempotency-Key` header: undefined when absent; 1–200
 * visible ASCII characters when present, otherwise VALIDATION_FAILED (422).
 */
export function idempotencyKeyOf(request: FastifyRequest): string | undefined {
  const header = request.headers['idempotency-key'];
  if (header === undefined) return undefined;
  if (typeof header === 'string' && IDEMPOTENCY_KEY.test(header)) return header;
  throw new AppError('VALIDATION_FAILED', 422, 'The Idempotency-Key header is not valid.', [
    { field: 'headers.idempotency-key', message: 'must be 1–200 visible ASCII characters', code: 'invalid' },
  ]);
}
