import { randomBytes } from 'node:crypto';

/** Crockford's base32 alphabet: no I, L, O or U, so nothing is misread. */
const CROCKFORD = '0123456789ABCDEFGHJKMNPQRSTVWXYZ';
/** Characters of a short code: 10 × 5 = 50 random bits. */
export const SHORT_CODE_LENGTH = 10;

/** The long verification code: 16 random bytes (128 bits) as base64url, 22 characters. */
export function newVerificationCode(): string {
  return randomBytes(16).toString('base64url');
}

/** A short human code: 10 Crockford base32 characters from the CSPRNG (each from 5 bits of one byte). */
export function newShortCode(): string {
  const bytes = randomBytes(SHORT_CODE_LENGTH);
  let out = '';
  for (const b of bytes) out += CROCKFORD[b & 31];
  return out;
}

/** How a code someone typed or scanned is looked up. */
export type CodeLookup = { kind: 'short'; value: string } | { kind: 'long'; value: string } | null;

/**
 * Reads a code: a long code (22 base64url characters, case-sensitive), or
 * a short code in any case, with spaces or dashes, and with
 * the letters Crockford reads as digits (O → 0, I and L → 1). Null: neither.
 */
export function parseCode(input: string): CodeLookup {
  if (/^[A-Za-z0-9_-]{22}$/.test(input)) return { kind: 'long', value: input };
  const compact = input.replace(/[\s-]/g, '');
  if (compact.length !== SHORT_CODE_LENGTH) return null;
  const upper = compact.toUpperCase().replace(/O/g, '0').replace(/[IL]/g, '1');
  return [...upper].every((c) => CROCKFORD.includes(c)) ? { kind: 'short', value: upper } : null;
}

/** `7K3M9QX2TB` → `7K3M9-QX2TB`, as printed. */
export function formatShortCode(code: string): string {
  return `${code.slice(0, 5)}-${code.slice(5)}`;
}
