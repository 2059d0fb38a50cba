import type { Link, LinkService } from '@foyer/contracts';
import { and, asc, eq, inArray } from 'drizzle-orm';
import type { Db, Executor } from '../../platform/db/database.ts';
import type { AuditActor, AuditService } from '../audit/index.ts';
import { notFound } from './programme-errors.ts';
import { events, type LinkOwnerType, links, locations, people } from './schema.ts';

/**
 * Links (a URL with a service kind) of events, people and locations. An
 * owner's links are replaced as a set; they go when their owner goes.
 */
export class LinksService {
  constructor(
    private readonly db: Db,
    private readonly audit: AuditService,
  ) {}

  /** The links of each owner, in their order. */
  async forOwners(executor: Executor, ownerType: LinkOwnerType, ownerIds: string[]): Promise<Map<string, Link[]>> {
    const byOwner = new Map<string, Link[]>(ownerIds.map((id) => [id, []]));
    if (ownerIds.length === 0) return byOwner;
    const rows = await executor
      .select()
      .from(links)
      .where(and(eq(links.ownerType, ownerType), inArray(links.ownerId, ownerIds)))
      .orderBy(asc(links.sortOrder), asc(links.id));
    for (const row of rows) byOwner.get(row.ownerId)?.push({ id: row.id, url: row.url, service: row.service });
    return byOwner;
  }

  async forOwner(executor: Executor, ownerType: LinkOwnerType, ownerId: string): Promise<Link[]> {
    return (await this.forOwners(executor, ownerType, [ownerId])).get(ownerId) ?? [];
  }

  /** Replaces the owner's links with `items` (in that order). */
  async replace(
    ownerType: LinkOwnerType,
    ownerId: string,
    items: { url: string; service: LinkService }[],
    by: AuditActor,
  ): Promise<Link[]> {
    return this.db.transaction(async (tx) => {
      const organizationId = await ownerOrganization(tx, ownerType, ownerId);
      if (!organizationId) throw notFound(ownerType);
      await tx.delete(links).where(and(eq(links.ownerType, ownerType), eq(links.ownerId, ownerId)));
      if (items.length > 0) {
        await tx
          .insert(links)
          .values(
            items.map((l, i) => ({ organizationId, ownerType, ownerId, url: l.url, service: l.service, sortOrder: i })),
          );
      }
      await this.audit.recordChange(tx, {
        actor: by,
        organizationId,
        action: `${ownerType}.links_replaced`,
        subject: { type: ownerType, id: ownerId },
        metadata: { count: items.length, services: items.map((l) => l.service) },
        event: { payload: { [`${ownerType}Id`]: ownerId } },
      });
      return this.forOwner(tx, ownerType, ownerId);
    });
  }

  /** Removes the links of owners that are being deleted (call inside the deleting transaction). */
  async deleteFor(executor: Executor, ownerType: LinkOwnerType, ownerIds: string[]): Promise<void> {
    if (ownerIds.length === 0) return;
    await executor.delete(links).where(and(eq(links.ownerType, ownerType), inArray(links.ownerId, ownerIds)));
  }
}

async function ownerOrganization(executor: Executor, ownerType: LinkOwnerType, ownerId: string) {
  const table = ownerType === 'event' ? events : ownerType === 'person' ? people : locations;
  const [row] = await executor
    .select({ organizationId: table.organizationId })
    .from(table)
    .where(eq(table.id, ownerId))
    .for('update');
  return row?.organizationId ?? null;
}
