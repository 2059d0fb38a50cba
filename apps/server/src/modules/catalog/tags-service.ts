import type { Tag } from '@foyer/contracts';
import { and, asc, eq, inArray } from 'drizzle-orm';
import type { Db, Executor } from '../../platform/db/database.ts';
import { isUniqueViolation } from '../../platform/db/errors.ts';
import { AppError } from '../../platform/http/problem.ts';
import type { AuditActor, AuditService } from '../audit/index.ts';
import { distinct, invalidField, notFound } from './programme-errors.ts';
import { events, eventTags, tags } from './schema.ts';

type TagRow = typeof tags.$inferSelect;

/** Tags of an organization (names unique regardless of case), attached to its events and sessions. */
export class TagsService {
  constructor(
    private readonly db: Db,
    private readonly audit: AuditService,
  ) {}

  async create(organizationId: string, name: string, by: AuditActor): Promise<Tag> {
    return this.db.transaction(async (tx) => {
      const [row] = await tx
        .insert(tags)
        .values({ organizationId, name, nameKey: name.toLowerCase() })
        .returning()
        .catch((err: unknown) => {
          throw isUniqueViolation(err)
            ? new AppError('CONFLICT', 409, `This organization already has a tag "${name}".`, [
                { field: 'body.name', message: 'is already taken', code: 'tag_taken' },
              ])
            : err;
        });
      await this.audit.recordChange(tx, {
        actor: by,
        organizationId,
        action: 'tag.created',
        subject: { type: 'tag', id: row!.id },
        metadata: { name },
        event: { payload: { tagId: row!.id } },
      });
      return tagDto(row!);
    });
  }

  async list(organizationId: string): Promise<Tag[]> {
    const rows = await this.db
      .select()
      .from(tags)
      .where(eq(tags.organizationId, organizationId))
      .orderBy(asc(tags.nameKey));
    return rows.map(tagDto);
  }

  /** Deletes a tag; it comes off every event and session. */
  async delete(tagId: string, by: AuditActor): Promise<void> {
    await this.db.transaction(async (tx) => {
      const [row] = await tx.delete(tags).where(eq(tags.id, tagId)).returning();
      if (!row) throw notFound('tag');
      await this.audit.recordChange(tx, {
        actor: by,
        organizationId: row.organizationId,
        action: 'tag.deleted',
        subject: { type: 'tag', id: tagId },
        metadata: { name: row.name },
        event: { payload: { tagId } },
      });
    });
  }

  /** The tag's organization, or null when there is no such tag (for the access gate). */
  async organizationOf(tagId: string): Promise<string | null> {
    const [row] = await this.db.select({ organizationId: tags.organizationId }).from(tags).where(eq(tags.id, tagId));
    return row?.organizationId ?? null;
  }

  /** The tags of `ids` in the organization, by name; a 422 on `field` when one is not the organization's. */
  async assertInOrg(executor: Executor, organizationId: string, ids: string[], field: string): Promise<string[]> {
    const wanted = distinct(ids);
    if (wanted.length === 0) return [];
    const rows = await executor
      .select({ id: tags.id })
      .from(tags)
      .where(and(eq(tags.organizationId, organizationId), inArray(tags.id, wanted)));
    if (rows.length !== wanted.length) {
      throw invalidField(field, 'must name tags of this organization', 'unknown_tag');
    }
    return wanted;
  }

  async forEvent(executor: Executor, eventId: string): Promise<Tag[]> {
    const rows = await executor
      .select({ t: tags })
      .from(eventTags)
      .innerJoin(tags, eq(tags.id, eventTags.tagId))
      .where(eq(eventTags.eventId, eventId))
      .orderBy(asc(tags.nameKey));
    return rows.map(({ t }) => tagDto(t));
  }

  /** Replaces the tags of an event. */
  async replaceForEvent(eventId: string, tagIds: string[], by: AuditActor): Promise<Tag[]> {
    return this.db.transaction(async (tx) => {
      const [event] = await tx
        .select({ organizationId: events.organizationId })
        .from(events)
        .where(eq(events.id, eventId))
        .for('update');
      if (!event) throw notFound('event');
      const ids = await this.assertInOrg(tx, event.organizationId, tagIds, 'body.tagIds');
      await tx.delete(eventTags).where(eq(eventTags.eventId, eventId));
      if (ids.length > 0) {
        await tx
          .insert(eventTags)
          .values(ids.map((tagId) => ({ eventId, tagId, organizationId: event.organizationId })));
      }
      await this.audit.recordChange(tx, {
        actor: by,
        organizationId: event.organizationId,
        action: 'event.tags_replaced',
        subject: { type: 'event', id: eventId },
        metadata: { tagIds: ids },
        event: { payload: { eventId } },
      });
      return this.forEvent(tx, eventId);
    });
  }
}

export function tagDto(row: TagRow): Tag {
  return { id: row.id, organizationId: row.organizationId, name: row.name, createdAt: row.createdAt.toISOString() };
}
