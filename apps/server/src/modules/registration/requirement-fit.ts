import { and, asc, eq, inArray, notExists, type SQL, sql } from 'drizzle-orm';
import type { Db } from '../../platform/db/database.ts';
import type { AuditActor, AuditService } from '../audit/index.ts';
import { events } from '../catalog/index.ts';
import { eventRequirements, userRequirementKeys } from './schema.ts';

/**
 * Which requirements a user meets (keys on their profile), and which
 * events fit them: every requirement of the event is one they meet (an
 * event without requirements fits everyone). Keys match across events.
 */
export class RequirementFit {
  constructor(
    private readonly db: Db,
    private readonly audit: AuditService,
  ) {}

  async keysOf(userId: string): Promise<string[]> {
    const rows = await this.db
      .select({ key: userRequirementKeys.key })
      .from(userRequirementKeys)
      .where(eq(userRequirementKeys.userId, userId))
      .orderBy(asc(userRequirementKeys.key));
    return rows.map((r) => r.key);
  }

  /** Replaces the user's set of keys. */
  async setKeys(userId: string, keys: string[], by: AuditActor): Promise<string[]> {
    const unique = [...new Set(keys)].sort();
    await this.db.transaction(async (tx) => {
      await tx.delete(userRequirementKeys).where(eq(userRequirementKeys.userId, userId));
      if (unique.length > 0) await tx.insert(userRequirementKeys).values(unique.map((key) => ({ userId, key })));
      await this.audit.recordChange(tx, {
        actor: by,
        action: 'user.requirement_keys_changed',
        subject: { type: 'user', id: userId },
        metadata: { keys: unique },
        event: { payload: { userId, keys: unique } },
      });
    });
    return unique;
  }

  /**
   * A condition on `events` that holds when the event fits the user — for
   * event lists (`GET /api/v1/events?fits=me`) to add to their WHERE.
   */
  fits(userId: string): SQL {
    return notExists(
      this.db
        .select({ one: sql`1` })
        .from(eventRequirements)
        .where(
          and(
            eq(eventRequirements.eventId, events.id),
            sql`${eventRequirements.key} not in (select ${userRequirementKeys.key} from ${userRequirementKeys} where ${userRequirementKeys.userId} = ${userId})`,
          ),
        ),
    );
  }

  /** Of `eventIds`, the ones that fit the user. */
  async fittingEventIds(userId: string, eventIds: string[]): Promise<string[]> {
    if (eventIds.length === 0) return [];
    const rows = await this.db
      .select({ id: events.id })
      .from(events)
      .where(and(inArray(events.id, eventIds), this.fits(userId)));
    return rows.map((r) => r.id);
  }
}
