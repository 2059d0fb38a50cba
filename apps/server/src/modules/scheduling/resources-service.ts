import type { CreateResourceBody, Resource, UpdateResourceBody } from '@foyer/contracts';
import { and, asc, eq, sql } from 'drizzle-orm';
import type { Db, Executor } from '../../platform/db/database.ts';
import type { AuditActor, AuditService } from '../audit/index.ts';
import { type ResourceRow, resourceDto } from './dto.ts';
import { recordChange } from './scheduling-changes.ts';
import { notFound, staleVersion } from './scheduling-errors.ts';
import { resources } from './schema.ts';

/** How the scheduling module checks a location link (the catalogue's locations). */
export interface LocationLookup {
  assertInOrg(executor: Executor, organizationId: string, locationId: string, field: string): Promise<void>;
}

/** The bookable things of an organization. */
export class ResourcesService {
  constructor(
    private readonly db: Db,
    private readonly audit: AuditService,
    private readonly locations: LocationLookup,
  ) {}

  /** Adds a resource; `body.id` lets a client choose the id (the Colander client does). */
  async create(organizationId: string, body: CreateResourceBody, by: AuditActor): Promise<Resource> {
    return this.db.transaction(async (tx) => {
      if (body.locationId) await this.locations.assertInOrg(tx, organizationId, body.locationId, 'locationId');
      const [row] = await tx
        .insert(resources)
        .values({ ...columns(body), ...(body.id ? { id: body.id } : {}), name: body.name, organizationId })
        .returning();
      const item = resourceDto(row!);
      await recordChange(tx, this.audit, by, {
        itemType: 'resource',
        change: 'created',
        organizationId,
        item,
        previous: null,
      });
      return item;
    });
  }

  async list(organizationId: string, options: { activeOnly?: boolean } = {}): Promise<Resource[]> {
    const rows = await this.db
      .select()
      .from(resources)
      .where(
        and(eq(resources.organizationId, organizationId), options.activeOnly ? eq(resources.active, true) : undefined),
      )
      .orderBy(asc(resources.createdAt), asc(resources.id));
    return rows.map(resourceDto);
  }

  async get(resourceId: string, executor: Executor = this.db): Promise<Resource> {
    return resourceDto(await this.row(executor, resourceId));
  }

  /** The stored resource with that id in the organization, or null (no such id, or another organization's). */
  async find(organizationId: string, resourceId: string): Promise<Resource | null> {
    const [row] = await this.db
      .select()
      .from(resources)
      .where(and(eq(resources.id, resourceId), eq(resources.organizationId, organizationId)));
    return row ? resourceDto(row) : null;
  }

  /** Edits a resource; with `patch.version` (or If-Match) a stale edit is refused, never applied. */
  async update(resourceId: string, patch: UpdateResourceBody, by: AuditActor): Promise<Resource> {
    return this.db.transaction(async (tx) => {
      const before = await this.row(tx, resourceId, true);
      if (patch.version !== undefined && patch.version !== before.version)
        throw staleVersion('resource', before.version, patch.version);
      if (patch.locationId) await this.locations.assertInOrg(tx, before.organizationId, patch.locationId, 'locationId');
      const [row] = await tx
        .update(resources)
        .set({ ...columns(patch), version: sql`${resources.version} + 1`, updatedAt: new Date() })
        .where(eq(resources.id, resourceId))
        .returning();
      const item = resourceDto(row!);
      await recordChange(tx, this.audit, by, {
        itemType: 'resource',
        change: 'changed',
        organizationId: before.organizationId,
        item,
        previous: resourceDto(before),
        metadata: { fields: Object.keys(patch).filter((k) => k !== 'version') },
      });
      return item;
    });
  }

  /** Deletes a resource with its bookings (they go from every calendar) and drops it from its layouts. */
  async delete(resourceId: string, by: AuditActor, expectedVersion?: number): Promise<void> {
    await this.db.transaction(async (tx) => {
      const before = await this.row(tx, resourceId, true);
      if (expectedVersion !== undefined && expectedVersion !== before.version)
        throw staleVersion('resource', before.version, expectedVersion);
      await tx.delete(resources).where(eq(resources.id, resourceId));
      await recordChange(tx, this.audit, by, {
        itemType: 'resource',
        change: 'deleted',
        organizationId: before.organizationId,
        item: resourceDto(before),
        previous: null,
        metadata: { name: before.name },
      });
    });
  }

  /** The resource's organization, or null when there is no such resource (for the access gate). */
  async organizationOf(resourceId: string): Promise<string | null> {
    const [row] = await this.db
      .select({ organizationId: resources.organizationId })
      .from(resources)
      .where(eq(resources.id, resourceId));
    return row?.organizationId ?? null;
  }

  /** Forgets a deleted catalogue location on the resources linked to it. */
  async locationDeleted(executor: Executor, locationId: string): Promise<void> {
    await executor.update(resources).set({ locationId: null }).where(eq(resources.locationId, locationId));
  }

  private async row(executor: Executor, resourceId: string, lock = false): Promise<ResourceRow> {
    const query = executor.select().from(resources).where(eq(resources.id, resourceId));
    const [row] = lock ? await query.for('update') : await query;
    if (!row) throw notFound('resource');
    return row;
  }
}

function columns(body: UpdateResourceBody): Partial<typeof resources.$inferInsert> {
  const { version: _version, ...rest } = body;
  return Object.fromEntries(Object.entries(rest).filter(([, v]) => v !== undefined));
}
