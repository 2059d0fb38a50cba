import type { ApiKey } from '@foyer/contracts';
import { and, desc, eq, isNull, sql } from 'drizzle-orm';
import { API_KEY_PREFIX } from '../../platform/auth/access-control.ts';
import type { ApiKeyActor, UserActor } from '../../platform/auth/actor.ts';
import type { RequestMeta } from '../../platform/auth/request-context.ts';
import { hashSecret, newToken } from '../../platform/crypto/secrets.ts';
import type { Db } from '../../platform/db/database.ts';
import { AppError } from '../../platform/http/problem.ts';
import type { AuditService } from '../audit/index.ts';
import { apiKeys } from './schema.ts';

type ApiKeyRow = typeof apiKeys.$inferSelect;

/**
 * API keys for apps (read) and services (write): `fyr_` + 256 random bits,
 * shown once, stored as a keyed hash, scoped to one organization.
 */
export class ApiKeysService {
  constructor(
    private readonly db: Db,
    private readonly audit: AuditService,
    private readonly hashKey: Buffer,
  ) {}

  private hash(key: string): string {
    return hashSecret(this.hashKey, key, 'api-key');
  }

  async create(actor: UserActor, organizationId: string, body: { name: string; scopes: string[] }, meta: RequestMeta) {
    const key = newToken(API_KEY_PREFIX);
    return this.db.transaction(async (tx) => {
      const [row] = await tx
        .insert(apiKeys)
        .values({
          organizationId,
          name: body.name,
          prefix: key.slice(0, API_KEY_PREFIX.length + 6),
          keyHash: this.hash(key),
          scopes: [...new Set(body.scopes)].sort(),
          createdBy: actor.userId,
        })
        .returning();
      await this.audit.record(tx, {
        actor: { type: 'user', id: actor.userId, ...meta },
        organizationId,
        action: 'api_key.created',
        target: { type: 'api_key', id: row!.id },
        metadata: { name: row!.name, scopes: row!.scopes },
      });
      return { ...toDto(row!), key };
    });
  }

  async list(organizationId: string): Promise<ApiKey[]> {
    const rows = await this.db
      .select()
      .from(apiKeys)
      .where(and(eq(apiKeys.organizationId, organizationId), isNull(apiKeys.revokedAt)))
      .orderBy(desc(apiKeys.createdAt));
    return rows.map(toDto);
  }

  async revoke(actor: UserActor, organizationId: string, keyId: string, meta: RequestMeta): Promise<void> {
    await this.db.transaction(async (tx) => {
      const rows = await tx
        .update(apiKeys)
        .set({ revokedAt: new Date() })
        .where(and(eq(apiKeys.id, keyId), eq(apiKeys.organizationId, organizationId), isNull(apiKeys.revokedAt)))
        .returning({ id: apiKeys.id, name: apiKeys.name, scopes: apiKeys.scopes });
      if (rows.length === 0) throw new AppError('NOT_FOUND', 404, 'No such API key.');
      await this.audit.record(tx, {
        actor: { type: 'user', id: actor.userId, ...meta },
        organizationId,
        action: 'api_key.revoked',
        target: { type: 'api_key', id: keyId },
        metadata: { name: rows[0]!.name, scopes: rows[0]!.scopes },
      });
    });
  }

  /** The actor for a presented key, or null when unknown or revoked. */
  async actorFor(key: string): Promise<ApiKeyActor | null> {
    const [row] = await this.db
      .select()
      .from(apiKeys)
      .where(and(eq(apiKeys.keyHash, this.hash(key)), isNull(apiKeys.revokedAt)));
    if (!row) return null;
    // Recording every use would write on every request; once a minute is plenty for "last used".
    if (!row.lastUsedAt || Date.now() - row.lastUsedAt.getTime() > 60_000) {
      await this.db.update(apiKeys).set({ lastUsedAt: sql`now()` }).where(eq(apiKeys.id, row.id));
    }
    return { kind: 'apiKey', apiKeyId: row.id, organizationId: row.organizationId, scopes: row.scopes };
  }
}

function toDto(row: ApiKeyRow): ApiKey {
  return {
    id: row.id,
    name: row.name,
    prefix: row.prefix,
    scopes: row.scopes as ApiKey['scopes'],
    createdAt: row.createdAt.toISOString(),
    lastUsedAt: row.lastUsedAt?.toISOString() ?? null,
  };
}
