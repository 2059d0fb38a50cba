import { and, desc, eq, ilike, lt, or, sql } from 'drizzle-orm';
import type { Db, Executor } from '../../platform/db/database.ts';
import type { MediaRow } from './media-dto.ts';
import { type MediaKind, type MediaSubjectType, mediaAttachments, mediaItems } from './schema.ts';

/** The media tables: the only place that knows how media items and attachments are queried. */
export class MediaStore {
  constructor(readonly db: Db) {}

  async byId(id: string, ex: Executor = this.db): Promise<MediaRow | null> {
    const [row] = await ex.select().from(mediaItems).where(eq(mediaItems.id, id));
    return row ?? null;
  }

  async bySha(organizationId: string, sha256: string, ex: Executor = this.db): Promise<MediaRow | null> {
    const [row] = await ex
      .select()
      .from(mediaItems)
      .where(and(eq(mediaItems.organizationId, organizationId), eq(mediaItems.sha256, sha256)));
    return row ?? null;
  }

  /** Serialises quota decisions of one organization (until the transaction ends). */
  async lockOrganization(tx: Executor, organizationId: string): Promise<void> {
    await tx.execute(sql`select pg_advisory_xact_lock(hashtext(${`foyer:media-quota:${organizationId}`}))`);
  }

  async usedBytes(organizationId: string, ex: Executor = this.db): Promise<number> {
    const [row] = await ex
      .select({ used: sql<string>`coalesce(sum(${mediaItems.size}), 0)` })
      .from(mediaItems)
      .where(eq(mediaItems.organizationId, organizationId));
    return Number(row?.used ?? 0);
  }

  async list(
    organizationId: string,
    filter: { kind?: MediaKind; q?: string; limit: number; before?: { createdAt: Date; id: string } },
  ): Promise<MediaRow[]> {
    const conditions = [eq(mediaItems.organizationId, organizationId)];
    if (filter.kind) conditions.push(eq(mediaItems.kind, filter.kind));
    if (filter.q) {
      const like = `%${filter.q.replace(/[\\%_]/g, (c) => `\\${c}`)}%`;
      conditions.push(or(ilike(mediaItems.originalName, like), ilike(mediaItems.altText, like))!);
    }
    if (filter.before) {
      const { createdAt, id } = filter.before;
      conditions.push(
        or(lt(mediaItems.createdAt, createdAt), and(eq(mediaItems.createdAt, createdAt), lt(mediaItems.id, id)))!,
      );
    }
    return this.db
      .select()
      .from(mediaItems)
      .where(and(...conditions))
      .orderBy(desc(mediaItems.createdAt), desc(mediaItems.id))
      .limit(filter.limit);
  }

  async usage(mediaId: string, ex: Executor = this.db) {
    return ex
      .select({
        subjectType: mediaAttachments.subjectType,
        subjectId: mediaAttachments.subjectId,
        role: mediaAttachments.role,
      })
      .from(mediaAttachments)
      .where(eq(mediaAttachments.mediaId, mediaId))
      .orderBy(mediaAttachments.createdAt);
  }

  async attachmentsOf(subjectType: MediaSubjectType, subjectId: string) {
    return this.db
      .select({ role: mediaAttachments.role, media: mediaItems })
      .from(mediaAttachments)
      .innerJoin(mediaItems, eq(mediaItems.id, mediaAttachments.mediaId))
      .where(and(eq(mediaAttachments.subjectType, subjectType), eq(mediaAttachments.subjectId, subjectId)))
      .orderBy(mediaAttachments.role);
  }
}
