import { createHmac, timingSafeEqual } from 'node:crypto';

/**
 * Signs and checks expiring URLs with HMAC-SHA256: the signature binds the
 * subject (a storage key, a media id) to its expiry, so a URL never works
 * for another file or after its time.
 */
export class UrlSigner {
  constructor(private readonly key: Buffer) {}

  /** Query parameters that make `subject` downloadable until `expiresAt` (unix seconds). */
  sign(subject: string, expiresAt: number, extra = ''): { expires: string; signature: string } {
    return { expires: String(expiresAt), signature: this.mac(subject, expiresAt, extra) };
  }

  /** `ok` when the signature is this subject's and the expiry has not passed. */
  verify(
    subject: string,
    expires: unknown,
    signature: unknown,
    now = Date.now(),
    extra = '',
  ): 'ok' | 'expired' | 'invalid' {
    if (typeof expires !== 'string' || typeof signature !== 'string' || !/^\d{1,12}$/.test(expires)) return 'invalid';
    const expected = Buffer.from(this.mac(subject, Number(expires), extra));
    const given = Buffer.from(signature);
    if (given.length !== expected.length || !timingSafeEqual(given, expected)) return 'invalid';
    return Number(expires) * 1000 < now ? 'expired' : 'ok';
  }

  private mac(subject: string, expiresAt: number, extra: string): string {
    return createHmac('sha256', this.key).update(`${subject}\n${expiresAt}\n${extra}`).digest('base64url');
  }
}
