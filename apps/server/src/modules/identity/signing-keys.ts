import { randomUUID } from 'node:crypto';
import { gt, isNull, or, sql } from 'drizzle-orm';
import { type CryptoKey, exportJWK, generateKeyPair, importJWK, type JWK } from 'jose';
import type { FieldCipher } from '../../platform/crypto/field-cipher.ts';
import type { Database } from '../../platform/db/database.ts';
import { signingKeys } from './schema.ts';

const ALG = 'EdDSA';
const KEY_LOCK = 7_246_100_003;
const PRIVATE_AAD = 'signing_keys.private_jwk';
/** How long a cached key set is trusted before it is re-read (other nodes may rotate). */
const REFRESH_MS = 60_000;

export interface LoadedKey {
  kid: string;
  alg: string;
  publicJwk: JWK;
  privateKey: CryptoKey | null;
  publicKey: CryptoKey;
  retiredAt: Date | null;
}

/**
 * The keys that sign access tokens. By default an Ed25519 key is generated
 * on first start and stored (private half encrypted); `JWT_SIGNING_KEY`
 * supplies one from configuration instead. Rotation makes a new key the
 * signer and keeps the old one published until its last token expired.
 */
export class SigningKeys {
  private keys: LoadedKey[] = [];
  private loadedAt = 0;
  private starting: Promise<void> | null = null;

  constructor(
    private readonly database: Database,
    private readonly cipher: FieldCipher,
    private readonly accessTtlSeconds: number,
    private readonly configuredKey: JWK | null,
  ) {}

  /** Creates the first key if there is none, and loads the key set. Idempotent; called lazily. */
  start(): Promise<void> {
    this.starting ??= (async () => {
      if (!this.configuredKey) await this.ensureActiveKey();
      await this.reload();
    })();
    return this.starting;
  }

  /** The key new tokens are signed with. */
  async signer(): Promise<LoadedKey> {
    await this.refreshIfStale();
    const active = this.keys.find((k) => k.retiredAt === null && k.privateKey);
    if (!active) throw new Error('No active signing key');
    return active;
  }

  /** The public key for `kid`, re-reading once if it is unknown (a key rotated on another node). */
  async publicKey(kid: string): Promise<LoadedKey | null> {
    await this.refreshIfStale();
    let key = this.keys.find((k) => k.kid === kid);
    if (!key && Date.now() - this.loadedAt > 1000) {
      await this.reload();
      key = this.keys.find((k) => k.kid === kid);
    }
    return key ?? null;
  }

  /** The JSON Web Key Set published at `/.well-known/jwks.json`. */
  async jwks(): Promise<{ keys: JWK[] }> {
    await this.refreshIfStale();
    return { keys: this.keys.map((k) => ({ ...k.publicJwk, kid: k.kid, alg: k.alg, use: 'sig' })) };
  }

  /** Makes a new key the signer and retires the current one. Returns the new kid. */
  async rotate(): Promise<string> {
    if (this.configuredKey) throw new Error('Signing key comes from JWT_SIGNING_KEY; rotate it there.');
    const kid = await this.database.db.transaction(async (tx) => {
      await tx.execute(sql`select pg_advisory_xact_lock(${KEY_LOCK})`);
      await tx.update(signingKeys).set({ retiredAt: new Date() }).where(isNull(signingKeys.retiredAt));
      return this.insertNewKey(tx);
    });
    await this.reload();
    return kid;
  }

  private async ensureActiveKey(): Promise<void> {
    await this.database.db.transaction(async (tx) => {
      // Several processes starting at once must create one key, not several.
      await tx.execute(sql`select pg_advisory_xact_lock(${KEY_LOCK})`);
      const active = await tx.select({ kid: signingKeys.kid }).from(signingKeys).where(isNull(signingKeys.retiredAt));
      if (active.length === 0) await this.insertNewKey(tx);
    });
  }

  private async insertNewKey(tx: Pick<Database['db'], 'insert'>): Promise<string> {
    const { publicKey, privateKey } = await generateKeyPair(ALG, { extractable: true, crv: 'Ed25519' });
    const kid = randomUUID();
    await tx.insert(signingKeys).values({
      kid,
      alg: ALG,
      publicJwk: JSON.stringify(await exportJWK(publicKey)),
      privateJwkEncrypted: this.cipher.encrypt(JSON.stringify(await exportJWK(privateKey)), PRIVATE_AAD),
    });
    return kid;
  }

  private async refreshIfStale(): Promise<void> {
    await this.start();
    if (Date.now() - this.loadedAt > REFRESH_MS) await this.reload();
  }

  private async reload(): Promise<void> {
    // A retired key stays published while tokens it signed may still be valid.
    const publishedSince = new Date(Date.now() - (this.accessTtlSeconds + 300) * 1000);
    const rows = await this.database.db
      .select()
      .from(signingKeys)
      .where(or(isNull(signingKeys.retiredAt), gt(signingKeys.retiredAt, publishedSince)))
      .orderBy(sql`${signingKeys.createdAt} desc`);
    const keys: LoadedKey[] = [];
    if (this.configuredKey) keys.push(await loadConfiguredKey(this.configuredKey));
    for (const row of rows) {
      const publicJwk = JSON.parse(row.publicJwk) as JWK;
      const privateJwk = JSON.parse(this.cipher.decrypt(row.privateJwkEncrypted, PRIVATE_AAD)) as JWK;
      keys.push({
        kid: row.kid,
        alg: row.alg,
        publicJwk,
        publicKey: (await importJWK(publicJwk, row.alg)) as CryptoKey,
        // Only the current key signs; retired ones only verify.
        privateKey: this.configuredKey || row.retiredAt ? null : ((await importJWK(privateJwk, row.alg)) as CryptoKey),
        retiredAt: row.retiredAt,
      });
    }
    this.keys = keys;
    this.loadedAt = Date.now();
  }

  /** For tests and `foyer keys`: every key with its state. */
  async list(): Promise<{ kid: string; retiredAt: Date | null }[]> {
    return this.database.db.select({ kid: signingKeys.kid, retiredAt: signingKeys.retiredAt }).from(signingKeys);
  }
}

async function loadConfiguredKey(jwk: JWK): Promise<LoadedKey> {
  const alg = jwk.alg ?? (jwk.kty === 'EC' ? 'ES256' : 'EdDSA');
  if (alg !== 'EdDSA' && alg !== 'ES256')
    throw new Error('JWT_SIGNING_KEY must be an Ed25519 (EdDSA) or P-256 (ES256) private JWK');
  if (!jwk.d) throw new Error('JWT_SIGNING_KEY must be a private JWK (with "d")');
  const { d: _d, ...publicJwk } = jwk;
  return {
    kid: jwk.kid ?? 'configured',
    alg,
    publicJwk,
    privateKey: (await importJWK(jwk, alg)) as CryptoKey,
    publicKey: (await importJWK(publicJwk, alg)) as CryptoKey,
    retiredAt: null,
  };
}
