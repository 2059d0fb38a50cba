import type { Project } from '@foyer/contracts';
import { and, asc, eq, sql } from 'drizzle-orm';
import type { Db, Executor } from '../../platform/db/database.ts';
import type { AuditActor, AuditService } from '../audit/index.ts';
import { type ProjectRow, projectDto } from './dto.ts';
import { recordChange } from './scheduling-changes.ts';
import { notFound, staleVersion } from './scheduling-errors.ts';
import { projects } from './schema.ts';

export interface ProjectInput {
  name?: string | undefined;
  colour?: string | null | undefined;
  version?: number | undefined;
}

/** Projects group an organization's bookings. */
export class ProjectsService {
  constructor(
    private readonly db: Db,
    private readonly audit: AuditService,
  ) {}

  async create(
    organizationId: string,
    body: ProjectInput & { id?: string | undefined; name: string },
    by: AuditActor,
  ): Promise<Project> {
    return this.db.transaction(async (tx) => {
      const [row] = await tx
        .insert(projects)
        .values({ ...(body.id ? { id: body.id } : {}), name: body.name, colour: body.colour ?? null, organizationId })
        .returning();
      const item = projectDto(row!);
      await recordChange(tx, this.audit, by, {
        itemType: 'project',
        change: 'created',
        organizationId,
        item,
        previous: null,
      });
      return item;
    });
  }

  async list(organizationId: string): Promise<Project[]> {
    const rows = await this.db
      .select()
      .from(projects)
      .where(eq(projects.organizationId, organizationId))
      .orderBy(asc(projects.createdAt), asc(projects.id));
    return rows.map(projectDto);
  }

  async get(projectId: string): Promise<Project> {
    return projectDto(await this.row(this.db, projectId));
  }

  async find(organizationId: string, projectId: string): Promise<Project | null> {
    const [row] = await this.db
      .select()
      .from(projects)
      .where(and(eq(projects.id, projectId), eq(projects.organizationId, organizationId)));
    return row ? projectDto(row) : null;
  }

  async update(projectId: string, patch: ProjectInput, by: AuditActor): Promise<Project> {
    return this.db.transaction(async (tx) => {
      const before = await this.row(tx, projectId, true);
      if (patch.version !== undefined && patch.version !== before.version)
        throw staleVersion('project', before.version, patch.version);
      const [row] = await tx
        .update(projects)
        .set({
          ...(patch.name !== undefined ? { name: patch.name } : {}),
          ...(patch.colour !== undefined ? { colour: patch.colour } : {}),
          version: sql`${projects.version} + 1`,
          updatedAt: new Date(),
        })
        .where(eq(projects.id, projectId))
        .returning();
      const item = projectDto(row!);
      await recordChange(tx, this.audit, by, {
        itemType: 'project',
        change: 'changed',
        organizationId: before.organizationId,
        item,
        previous: projectDto(before),
      });
      return item;
    });
  }

  /** Deletes a project; its bookings stay, without a project. */
  async delete(projectId: string, by: AuditActor, expectedVersion?: number): Promise<void> {
    await this.db.transaction(async (tx) => {
      const before = await this.row(tx, projectId, true);
      if (expectedVersion !== undefined && expectedVersion !== before.version)
        throw staleVersion('project', before.version, expectedVersion);
      await tx.delete(projects).where(eq(projects.id, projectId));
      await recordChange(tx, this.audit, by, {
        itemType: 'project',
        change: 'deleted',
        organizationId: before.organizationId,
        item: projectDto(before),
        previous: null,
      });
    });
  }

  async organizationOf(projectId: string): Promise<string | null> {
    const [row] = await this.db
      .select({ organizationId: projects.organizationId })
      .from(projects)
      .where(eq(projects.id, projectId));
    return row?.organizationId ?? null;
  }

  private async row(executor: Executor, projectId: string, lock = false): Promise<ProjectRow> {
    const query = executor.select().from(projects).where(eq(projects.id, projectId));
    const [row] = lock ? await query.for('update') : await query;
    if (!row) throw notFound('project');
    return row;
  }
}
