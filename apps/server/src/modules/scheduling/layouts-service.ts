import type { ResourceLayout } from '@foyer/contracts';
import { and, asc, eq, inArray, sql } from 'drizzle-orm';
import type { Db, Executor } from '../../platform/db/database.ts';
import type { AuditActor, AuditService } from '../audit/index.ts';
import { type LayoutRow, layoutDto } from './dto.ts';
import { recordChange } from './scheduling-changes.ts';
import { invalidField, notFound, staleVersion } from './scheduling-errors.ts';
import { resourceLayoutEntries, resourceLayouts, resources } from './schema.ts';

export interface LayoutInput {
  name?: string | undefined;
  resourceIds?: string[] | undefined;
  version?: number | undefined;
}

/** Named, ordered arrangements of 1–20 of an organization's resources. */
export class LayoutsService {
  constructor(
    private readonly db: Db,
    private readonly audit: AuditService,
  ) {}

  async create(
    organizationId: string,
    body: { name: string; resourceIds: string[] },
    by: AuditActor,
  ): Promise<ResourceLayout> {
    return this.db.transaction(async (tx) => {
      await assertResourcesInOrg(tx, organizationId, body.resourceIds);
      const [row] = await tx.insert(resourceLayouts).values({ name: body.name, organizationId }).returning();
      await writeEntries(tx, row!, body.resourceIds);
      const item = layoutDto(row!, body.resourceIds);
      await recordChange(tx, this.audit, by, {
        itemType: 'resource_layout',
        change: 'created',
        organizationId,
        item,
        previous: null,
      });
      return item;
    });
  }

  async list(organizationId: string): Promise<ResourceLayout[]> {
    const rows = await this.db
      .select()
      .from(resourceLayouts)
      .where(eq(resourceLayouts.organizationId, organizationId))
      .orderBy(asc(resourceLayouts.name), asc(resourceLayouts.id));
    const entries = await entriesOf(
      this.db,
      rows.map((r) => r.id),
    );
    return rows.map((r) => layoutDto(r, entries.get(r.id) ?? []));
  }

  async get(layoutId: string, executor: Executor = this.db): Promise<ResourceLayout> {
    const row = await this.row(executor, layoutId);
    return layoutDto(row, (await entriesOf(executor, [layoutId])).get(layoutId) ?? []);
  }

  async update(layoutId: string, patch: LayoutInput, by: AuditActor): Promise<ResourceLayout> {
    return this.db.transaction(async (tx) => {
      const before = await this.row(tx, layoutId, true);
      if (patch.version !== undefined && patch.version !== before.version)
        throw staleVersion('resource layout', before.version, patch.version);
      const previous = layoutDto(before, (await entriesOf(tx, [layoutId])).get(layoutId) ?? []);
      const [row] = await tx
        .update(resourceLayouts)
        .set({
          ...(patch.name !== undefined ? { name: patch.name } : {}),
          version: sql`${resourceLayouts.version} + 1`,
          updatedAt: new Date(),
        })
        .where(eq(resourceLayouts.id, layoutId))
        .returning();
      if (patch.resourceIds) {
        await assertResourcesInOrg(tx, before.organizationId, patch.resourceIds);
        await tx.delete(resourceLayoutEntries).where(eq(resourceLayoutEntries.layoutId, layoutId));
        await writeEntries(tx, row!, patch.resourceIds);
      }
      const item = layoutDto(row!, patch.resourceIds ?? previous.resourceIds);
      await recordChange(tx, this.audit, by, {
        itemType: 'resource_layout',
        change: 'changed',
        organizationId: before.organizationId,
        item,
        previous,
      });
      return item;
    });
  }

  async delete(layoutId: string, by: AuditActor): Promise<void> {
    await this.db.transaction(async (tx) => {
      const before = await this.row(tx, layoutId, true);
      const item = layoutDto(before, (await entriesOf(tx, [layoutId])).get(layoutId) ?? []);
      await tx.delete(resourceLayouts).where(eq(resourceLayouts.id, layoutId));
      await recordChange(tx, this.audit, by, {
        itemType: 'resource_layout',
        change: 'deleted',
        organizationId: before.organizationId,
        item,
        previous: null,
      });
    });
  }

  async organizationOf(layoutId: string): Promise<string | null> {
    const [row] = await this.db
      .select({ organizationId: resourceLayouts.organizationId })
      .from(resourceLayouts)
      .where(eq(resourceLayouts.id, layoutId));
    return row?.organizationId ?? null;
  }

  private async row(executor: Executor, layoutId: string, lock = false): Promise<LayoutRow> {
    const query = executor.select().from(resourceLayouts).where(eq(resourceLayouts.id, layoutId));
    const [row] = lock ? await query.for('update') : await query;
    if (!row) throw notFound('resource layout');
    return row;
  }
}

async function assertResourcesInOrg(executor: Executor, organizationId: string, ids: string[]): Promise<void> {
  const found = await executor
    .select({ id: resources.id })
    .from(resources)
    .where(and(inArray(resources.id, ids), eq(resources.organizationId, organizationId)));
  if (found.length !== new Set(ids).size)
    throw invalidField('resourceIds', 'must name resources of this organization', 'unknown_resource');
}

async function writeEntries(executor: Executor, layout: LayoutRow, ids: string[]): Promise<void> {
  await executor.insert(resourceLayoutEntries).values(
    ids.map((resourceId, position) => ({
      layoutId: layout.id,
      resourceId,
      organizationId: layout.organizationId,
      position,
    })),
  );
}

async function entriesOf(executor: Executor, layoutIds: string[]): Promise<Map<string, string[]>> {
  const map = new Map<string, string[]>();
  if (layoutIds.length === 0) return map;
  const rows = await executor
    .select()
    .from(resourceLayoutEntries)
    .where(inArray(resourceLayoutEntries.layoutId, layoutIds))
    .orderBy(asc(resourceLayoutEntries.position));
  for (const r of rows) map.set(r.layoutId, [...(map.get(r.layoutId) ?? []), r.resourceId]);
  return map;
}
