import { createCipheriv, createDecipheriv, createHmac, randomBytes } from 'node:crypto';

const VERSION = 'v1';

/**
 * Encrypts personal data (emails, phone numbers) for storage with
 * AES-256-GCM, and computes blind indexes so it can still be looked up.
 * Stored form: `v1.<iv>.<ciphertext>.<tag>` in base64url.
 */
export class FieldCipher {
  constructor(
    private readonly key: Buffer,
    private readonly indexKey: Buffer,
  ) {
    if (key.length !== 32 || indexKey.length !== 32) throw new Error('FieldCipher needs 32-byte keys');
  }

  encrypt(plaintext: string, associatedData = ''): string {
    const iv = randomBytes(12);
    const cipher = createCipheriv('aes-256-gcm', this.key, iv);
    if (associatedData) cipher.setAAD(Buffer.from(associatedData));
    const ciphertext = Buffer.concat([cipher.update(plaintext, 'utf8'), cipher.final()]);
    return [
      VERSION,
      iv.toString('base64url'),
      ciphertext.toString('base64url'),
      cipher.getAuthTag().toString('base64url'),
    ].join('.');
  }

  decrypt(stored: string, associatedData = ''): string {
    const [version, iv, ciphertext, tag] = stored.split('.');
    if (version !== VERSION || !iv || ciphertext === undefined || !tag) throw new Error('Not an encrypted field value');
    const decipher = createDecipheriv('aes-256-gcm', this.key, Buffer.from(iv, 'base64url'));
    if (associatedData) decipher.setAAD(Buffer.from(associatedData));
    decipher.setAuthTag(Buffer.from(tag, 'base64url'));
    return Buffer.concat([decipher.update(Buffer.from(ciphertext, 'base64url')), decipher.final()]).toString('utf8');
  }

  /** A deterministic keyed hash of an email, normalised (trimmed, lower-case), for unique lookups. */
  emailIndex(email: string): string {
    return this.blindIndex(normalizeEmail(email));
  }

  blindIndex(value: string): string {
    return createHmac('sha256', this.indexKey).update(value).digest('hex');
  }
}

/** Emails compare case-insensitively everywhere in Foyer. */
export function normalizeEmail(email: string): string {
  return email.trim().toLowerCase();
}
