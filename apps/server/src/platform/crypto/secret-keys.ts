import { hkdfSync } from 'node:crypto';

/** Purpose-bound keys derived from `FOYER_SECRET`; one secret, never reused across purposes. */
export interface SecretKeys {
  /** AES-256-GCM key for personal data at rest. */
  encryption: Buffer;
  /** HMAC-SHA256 key for blind indexes (lookups on encrypted columns). */
  blindIndex: Buffer;
  /** HMAC-SHA256 key for hashing opaque tokens (refresh tokens, API keys, codes). */
  tokenHash: Buffer;
  /** AES-256-GCM key wrapping stored signing keys. */
  keyWrapping: Buffer;
  /** HMAC-SHA256 key for expiring signed URLs (private files). */
  urlSigning: Buffer;
  /** HMAC-SHA256 key for registration links (a guest's way to see and cancel their registration). */
  registrationLink: Buffer;
  /** HMAC-SHA256 key for stage guests' identity cookies. */
  guestIdentity: Buffer;
}

/** Derives every key Foyer needs from the one configured secret with HKDF-SHA256. */
export function deriveSecretKeys(secret: string): SecretKeys {
  const derive = (info: string) =>
    Buffer.from(hkdfSync('sha256', Buffer.from(secret, 'utf8'), Buffer.from('foyer'), Buffer.from(info), 32));
  return {
    encryption: derive('foyer/pii-encryption/v1'),
    blindIndex: derive('foyer/blind-index/v1'),
    tokenHash: derive('foyer/token-hash/v1'),
    keyWrapping: derive('foyer/key-wrapping/v1'),
    urlSigning: derive('foyer/url-signing/v1'),
    registrationLink: derive('foyer/registration-link/v1'),
    guestIdentity: derive('foyer/guest-identity/v1'),
  };
}
