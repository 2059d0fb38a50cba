import { describe, expect, it } from 'vitest';
import { FieldCipher, normalizeEmail } from './field-cipher.ts';
import { deriveSecretKeys } from './secret-keys.ts';

const keys = deriveSecretKeys('a test secret that is long enough to be a real one');
const cipher = new FieldCipher(keys.encryption, keys.blindIndex);

describe('field encryption', () => {
  it('round-trips and never stores the plaintext', () => {
    const stored = cipher.encrypt('Ada@Example.org');
    expect(stored).not.toContain('Ada');
    expect(stored).not.toContain('example');
    expect(stored.startsWith('v1.')).toBe(true);
    expect(cipher.decrypt(stored)).toBe('Ada@Example.org');
  });

  it('uses a fresh IV each time', () => {
    expect(cipher.encrypt('x@example.org')).not.toBe(cipher.encrypt('x@example.org'));
  });

  it('rejects tampered ciphertext and the wrong associated data', () => {
    const stored = cipher.encrypt('x@example.org', 'users.email');
    const parts = stored.split('.');
    const flipped = Buffer.from(parts[2]!, 'base64url');
    flipped[0] = flipped[0]! ^ 1;
    parts[2] = flipped.toString('base64url');
    expect(() => cipher.decrypt(parts.join('.'), 'users.email')).toThrow();
    expect(() => cipher.decrypt(stored, 'other.column')).toThrow();
  });

  it('rejects a value encrypted under another secret', () => {
    const other = deriveSecretKeys('another secret entirely, also long enough');
    const stored = new FieldCipher(other.encryption, other.blindIndex).encrypt('x@example.org');
    expect(() => cipher.decrypt(stored)).toThrow();
  });

  it('indexes emails case-insensitively and keyed by the secret', () => {
    expect(cipher.emailIndex(' Ada@Example.ORG ')).toBe(cipher.emailIndex('ada@example.org'));
    expect(cipher.emailIndex('ada@example.org')).toMatch(/^[0-9a-f]{64}$/);
    const other = deriveSecretKeys('another secret entirely, also long enough');
    expect(new FieldCipher(other.encryption, other.blindIndex).emailIndex('ada@example.org')).not.toBe(
      cipher.emailIndex('ada@example.org'),
    );
    expect(normalizeEmail(' A@B.C ')).toBe('a@b.c');
  });

  it('derives distinct keys per purpose', () => {
    const all = Object.values(keys).map((k) => k.toString('hex'));
    expect(new Set(all).size).toBe(all.length);
  });
});
