import { and, desc, eq, gte, lt, lte, type SQL } from 'drizzle-orm';
import { z } from 'zod';
import type { Db, Executor } from '../../platform/db/database.ts';
import { insertMany } from '../../platform/db/insert-many.ts';
import {
  cursorSerial,
  decodeCursor as decodeCursorParts,
  encodeCursor as encodeCursorParts,
} from '../../platform/http/cursor.ts';
import { auditLog } from './schema.ts';

export interface AuditActor {
  type: 'user' | 'api_key' | 'system' | 'anonymous';
  id: string | null;
  ip?: string | null;
  userAgent?: string | null;
}

export interface AuditRecord {
  actor: AuditActor;
  action: string;
  organizationId?: string | null;
  target?: { type: string; id: string } | null;
  /** Context without personal data (ids, roles, reasons). */
  metadata?: Record<string, unknown>;
}

export interface AuditQuery {
  organizationId: string;
  action?: string;
  actorId?: string;
  targetId?: string;
  from?: Date;
  to?: Date;
  cursor?: string;
  limit: number;
}

/** The append-only audit trail of privileged actions. */
export class AuditService {
  constructor(private readonly db: Db) {}

  /** Appends an entry; pass the caller's transaction so the entry commits with the change. */
  async record(executor: Executor, entry: AuditRecord): Promise<void> {
    await this.recordMany(executor, [entry]);
  }

  /** Appends several entries in one statement (batched work, e.g. group-committed registrations). */
  async recordMany(executor: Executor, entries: AuditRecord[]): Promise<void> {
    if (entries.length === 0) return;
    await insertMany(
      executor,
      auditLog,
      entries.map((entry) => ({
        organizationId: entry.organizationId ?? null,
        actorType: entry.actor.type,
        actorId: entry.actor.id,
        action: entry.action,
        targetType: entry.target?.type ?? null,
        targetId: entry.target?.id ?? null,
        ip: entry.actor.ip ?? null,
        userAgent: entry.actor.userAgent?.slice(0, 400) ?? null,
        metadata: entry.metadata ?? {},
      })),
    );
  }

  /** Newest first, filtered, with an opaque cursor for the next page. */
  async list(query: AuditQuery) {
    const conditions: SQL[] = [eq(auditLog.organizationId, query.organizationId)];
    if (query.action) conditions.push(eq(auditLog.action, query.action));
    if (query.actorId) conditions.push(eq(auditLog.actorId, query.actorId));
    if (query.targetId) conditions.push(eq(auditLog.targetId, query.targetId));
    if (query.from) conditions.push(gte(auditLog.createdAt, query.from));
    if (query.to) conditions.push(lte(auditLog.createdAt, query.to));
    const before = decodeCursor(query.cursor);
    if (before !== null) conditions.push(lt(auditLog.id, before));
    const rows = await this.db
      .select()
      .from(auditLog)
      .where(and(...conditions))
      .orderBy(desc(auditLog.id))
      .limit(query.limit + 1);
    const items = rows.slice(0, query.limit);
    const nextCursor = rows.length > query.limit ? encodeCursor(items.at(-1)!.id) : null;
    return { items, nextCursor };
  }
}

function encodeCursor(id: number): string {
  return encodeCursorParts([id]);
}

function decodeCursor(cursor: string | undefined): number | null {
  if (!cursor) return null;
  return decodeCursorParts(cursor, z.tuple([cursorSerial]))[0];
}
