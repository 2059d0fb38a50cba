import { ErrorCode, type Organization } from '@foyer/contracts';
import { and, asc, eq } from 'drizzle-orm';
import type { UserActor } from '../../platform/auth/actor.ts';
import type { OrgRole } from '../../platform/auth/policy.ts';
import type { RequestMeta } from '../../platform/auth/request-context.ts';
import type { Db, Executor } from '../../platform/db/database.ts';
import { isUniqueViolation } from '../../platform/db/errors.ts';
import { AppError } from '../../platform/http/problem.ts';
import type { AuditService } from '../audit/index.ts';
import { memberships, organizations } from './schema.ts';

type OrgRow = typeof organizations.$inferSelect;

/** Organizations (tenants): creating them, listing one's own, renaming. */
export class OrganizationsService {
  constructor(
    private readonly db: Db,
    private readonly audit: AuditService,
  ) {}

  /** Creates an organization; its creator becomes its owner. */
  async create(actor: UserActor, body: { name: string; slug: string }, meta: RequestMeta): Promise<Organization> {
    return this.db.transaction(async (tx) => {
      const [org] = await tx
        .insert(organizations)
        .values({ name: body.name, slug: body.slug })
        .onConflictDoNothing({ target: organizations.slug })
        .returning();
      if (!org) throw slugTaken(body.slug);
      await tx.insert(memberships).values({ organizationId: org.id, userId: actor.userId, role: 'owner' });
      await this.audit.record(tx, {
        actor: { type: 'user', id: actor.userId, ...meta },
        organizationId: org.id,
        action: 'org.created',
        target: { type: 'organization', id: org.id },
        metadata: { slug: org.slug },
      });
      return toDto(org, 'owner');
    });
  }

  async listFor(userId: string): Promise<Organization[]> {
    const rows = await this.db
      .select({ org: organizations, role: memberships.role })
      .from(memberships)
      .innerJoin(organizations, eq(organizations.id, memberships.organizationId))
      .where(eq(memberships.userId, userId))
      .orderBy(asc(organizations.name));
    return rows.map((r) => toDto(r.org, r.role));
  }

  async get(organizationId: string, viewerUserId: string | null): Promise<Organization> {
    const org = await this.find(this.db, organizationId);
    const role = viewerUserId ? await this.roleOf(viewerUserId, organizationId) : null;
    return toDto(org, role);
  }

  async update(
    actor: UserActor,
    organizationId: string,
    patch: { name?: string | undefined; slug?: string | undefined; requireSecondFactor?: boolean | undefined },
    meta: RequestMeta,
  ): Promise<Organization> {
    return this.db.transaction(async (tx) => {
      const before = await this.find(tx, organizationId);
      if (patch.requireSecondFactor && !before.requireSecondFactor && !actor.secondFactor)
        throw new AppError(
          ErrorCode.SECOND_FACTOR_REQUIRED,
          409,
          'Sign in with a second factor yourself before you require one of the members; otherwise you would be locked out.',
        );
      const fields = Object.fromEntries(Object.entries(patch).filter(([, v]) => v !== undefined));
      const [org] = await tx
        .update(organizations)
        .set({ ...fields, updatedAt: new Date() })
        .where(eq(organizations.id, organizationId))
        .returning()
        .catch((err: unknown) => {
          throw isUniqueViolation(err) ? slugTaken(patch.slug ?? '') : err;
        });
      await this.audit.record(tx, {
        actor: { type: 'user', id: actor.userId, ...meta },
        organizationId,
        action: 'org.updated',
        target: { type: 'organization', id: organizationId },
        metadata: {
          before: { name: before.name, slug: before.slug, requireSecondFactor: before.requireSecondFactor },
          after: { name: org!.name, slug: org!.slug, requireSecondFactor: org!.requireSecondFactor },
        },
      });
      return toDto(org!, await this.roleOf(actor.userId, organizationId, tx));
    });
  }

  /** Whether the organization requires its members to sign in with a second factor (for the access gate). */
  async requiresSecondFactor(organizationId: string): Promise<boolean> {
    const [row] = await this.db
      .select({ required: organizations.requireSecondFactor })
      .from(organizations)
      .where(eq(organizations.id, organizationId));
    return row?.required ?? false;
  }

  async roleOf(userId: string, organizationId: string, executor: Executor = this.db): Promise<OrgRole | null> {
    const [row] = await executor
      .select({ role: memberships.role })
      .from(memberships)
      .where(and(eq(memberships.userId, userId), eq(memberships.organizationId, organizationId)));
    return row?.role ?? null;
  }

  async find(executor: Executor, organizationId: string): Promise<OrgRow> {
    const [org] = await executor.select().from(organizations).where(eq(organizations.id, organizationId));
    if (!org) throw new AppError('NOT_FOUND', 404, 'No such organization.');
    return org;
  }
}

function toDto(org: OrgRow, role: OrgRole | null): Organization {
  return {
    id: org.id,
    name: org.name,
    slug: org.slug,
    role,
    requireSecondFactor: org.requireSecondFactor,
    createdAt: org.createdAt.toISOString(),
  };
}

function slugTaken(slug: string): AppError {
  return new AppError('SLUG_TAKEN', 409, `The slug "${slug}" is already taken.`, [
    { field: 'body.slug', message: 'is already taken', code: 'slug_taken' },
  ]);
}
