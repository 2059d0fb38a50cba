import { createHmac, randomBytes, randomInt, timingSafeEqual } from 'node:crypto';

/** An opaque, URL-safe secret with 256 bits of entropy, prefixed to say what it is. */
export function newToken(prefix = ''): string {
  return prefix + randomBytes(32).toString('base64url');
}

/** A 6-digit code, zero-padded, uniformly drawn (the original's `Math.random()*9999` was neither). */
export function newNumericCode(): string {
  return randomInt(0, 1_000_000).toString().padStart(6, '0');
}

/** Keyed hash of a secret for storage; `context` binds it to its purpose (and e.g. the email). */
export function hashSecret(key: Buffer, secret: string, context = ''): string {
  return createHmac('sha256', key).update(context).update('\u0000').update(secret).digest('base64url');
}

export function safeEqual(a: string, b: string): boolean {
  const x = Buffer.from(a);
  const y = Buffer.from(b);
  return x.length === y.length && timingSafeEqual(x, y);
}
