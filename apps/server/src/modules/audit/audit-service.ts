import { and, desc, eq, gte, lt, lte, type SQL } from 'drizzle-orm';
import { z } from 'zod';
import type { Db, Executor } from '../../platform/db/database.ts';
import { insertMany } from '../../platform/db/insert-many.ts';
import { recordDomainEvent } from '../../platform/events/domain-events.ts';
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

/**
 * One change as a service records it: who did what to which subject (the
 * audit entry) and, when others react to it, the domain event it causes.
 */
export interface Change {
  actor: AuditActor;
  /** The audit action, e.g. `tag.created`; also the domain event's type unless `event.type` says otherwise. */
  action: string;
  organizationId?: string | null;
  /** The audit entry's target and the domain event's aggregate. */
  subject: { type: string; id: string };
  /** Audit context without personal data (ids, roles, reasons). */
  metadata?: Record<string, unknown>;
  /**
   * The domain event; left out when the change concerns no one but the
   * audit trail. Its aggregate is the subject unless `aggregate` names
   * another (a question's change is an event's change to its subscribers).
   */
  event?: { type?: string; aggregate?: { type: string; id: string }; payload: Record<string, unknown> };
}

/** The append-only audit trail of privileged actions. */
export class AuditService {
  constructor(private readonly db: Db) {}

  /** Appends an entry; pass the caller's transaction so the entry commits with the change. */
  async record(executor: Executor, entry: AuditRecord): Promise<void> {
    await this.recordMany(executor, [entry]);
  }

  /**
   * Records a change in the caller's transaction: its audit entry and its
   * domain event (outbox) commit with it, or neither does.
   */
  async recordChange(tx: Executor, change: Change): Promise<void> {
    const { actor, action, subject, metadata, event } = change;
    const organizationId = change.organizationId ?? null;
    await this.record(tx, { actor, action, organizationId, target: subject, ...(metadata ? { metadata } : {}) });
    if (event) {
      await recordDomainEvent(tx, {
        type: event.type ?? action,
        aggregateType: event.aggregate?.type ?? subject.type,
        aggregateId: event.aggregate?.id ?? subject.id,
        organizationId,
        payload: event.payload,
      });
    }
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
