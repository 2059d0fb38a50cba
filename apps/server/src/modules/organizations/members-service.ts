import type { Member } from '@foyer/contracts';
import { and, asc, eq, gt, isNull, sql } from 'drizzle-orm';
import type { UserActor } from '../../platform/auth/actor.ts';
import type { OrgRole } from '../../platform/auth/policy.ts';
import type { RequestMeta } from '../../platform/auth/request-context.ts';
import type { FieldCipher } from '../../platform/crypto/field-cipher.ts';
import { hashSecret, newToken } from '../../platform/crypto/secrets.ts';
import type { Db, Executor } from '../../platform/db/database.ts';
import { recordDomainEvent } from '../../platform/events/domain-events.ts';
import { AppError } from '../../platform/http/problem.ts';
import type { MailService } from '../../platform/mail/mail-service.ts';
import type { AuditService } from '../audit/index.ts';
import type { EmailTemplatesService } from '../email/index.ts';
import { type UsersRepository, users } from '../identity/index.ts';
import type { OrganizationsService } from './organizations-service.ts';
import { invitations, memberships, organizations } from './schema.ts';

const INVITATION_TTL_DAYS = 14;
/** Neither accepted nor withdrawn. */
const UNANSWERED = [isNull(invitations.acceptedAt), isNull(invitations.revokedAt)];
/** Still usable: unanswered and not expired. */
const OPEN_INVITATION = [...UNANSWERED, gt(invitations.expiresAt, sql`now()`)];
const EMAIL_AAD = 'invitations.email';

export interface MembersDeps {
  db: Db;
  cipher: FieldCipher;
  users: UsersRepository;
  organizations: OrganizationsService;
  mail: MailService;
  /** Invitations are worded by the organisation's templates when it overrides them. */
  templates: EmailTemplatesService;
  audit: AuditService;
  tokenKey: Buffer;
  publicUrl: string;
}

/**
 * Who belongs to an organization and with which role; invitations by
 * email. Only owners grant or take the owner role, and the last owner can
 * be neither removed nor demoted (decided under a row lock).
 */
export class MembersService {
  constructor(private readonly d: MembersDeps) {}

  async list(organizationId: string): Promise<Member[]> {
    await this.d.organizations.find(this.d.db, organizationId);
    const active = await this.d.db
      .select({ m: memberships, u: users })
      .from(memberships)
      .innerJoin(users, eq(users.id, memberships.userId))
      .where(eq(memberships.organizationId, organizationId))
      .orderBy(asc(memberships.createdAt));
    const pending = await this.d.db
      .select()
      .from(invitations)
      .where(and(eq(invitations.organizationId, organizationId), ...OPEN_INVITATION))
      .orderBy(asc(invitations.createdAt));
    return [
      ...active.map(({ m, u }) => ({
        userId: u.id,
        invitationId: null,
        email: this.d.users.email(u),
        name: u.name,
        role: m.role,
        status: 'active' as const,
        createdAt: m.createdAt.toISOString(),
      })),
      ...pending.map((i) => ({
        userId: null,
        invitationId: i.id,
        email: this.d.cipher.decrypt(i.emailEncrypted, EMAIL_AAD),
        name: null,
        role: i.role,
        status: 'invited' as const,
        createdAt: i.createdAt.toISOString(),
      })),
    ];
  }

  /** Emails an invitation (to accept when signed in, or to sign up with); nobody becomes a member unasked. */
  async invite(
    actor: UserActor,
    organizationId: string,
    body: { email: string; role: OrgRole },
    meta: RequestMeta,
  ): Promise<Member> {
    return this.d.db.transaction(async (tx) => {
      if (body.role === 'owner' && !this.isOwner(actor, await this.lockOwners(tx, organizationId))) throw onlyOwners();
      const org = await this.d.organizations.find(tx, organizationId);
      const existing = await this.d.users.byEmail(tx, body.email);
      const auditActor = { type: 'user' as const, id: actor.userId, ...meta };
      // Someone with an account is invited like anyone else and joins only by accepting: being
      // added to an organization (and seen by its admins) needs their consent.
      if (existing) {
        const [already] = await tx
          .select({ userId: memberships.userId })
          .from(memberships)
          .where(and(eq(memberships.organizationId, organizationId), eq(memberships.userId, existing.id)));
        if (already) throw new AppError('ALREADY_MEMBER', 409, 'This person is already a member.');
      }
      const emailHash = this.d.cipher.emailIndex(body.email);
      // A newer invitation to the same address replaces the older one.
      await tx
        .update(invitations)
        .set({ revokedAt: new Date() })
        .where(
          and(eq(invitations.organizationId, organizationId), eq(invitations.emailHash, emailHash), ...UNANSWERED),
        );
      const token = newToken();
      const [invitation] = await tx
        .insert(invitations)
        .values({
          organizationId,
          emailEncrypted: this.d.cipher.encrypt(body.email.trim(), EMAIL_AAD),
          emailHash,
          role: body.role,
          tokenHash: hashSecret(this.d.tokenKey, token, 'invitation'),
          invitedBy: actor.userId,
          expiresAt: new Date(Date.now() + INVITATION_TTL_DAYS * 86_400_000),
        })
        .returning();
      const url = `${this.d.publicUrl}/invitations/accept?token=${encodeURIComponent(token)}`;
      const message = await this.d.templates.compose(
        tx,
        'org.invitation',
        { organization: { name: org.name }, invitation: { role: body.role, url } },
        { organizationId },
      );
      await this.d.mail.send({ to: body.email.trim(), ...message }, { executor: tx, template: 'org.invitation' });
      await this.d.audit.record(tx, {
        actor: auditActor,
        organizationId,
        action: 'member.invited',
        target: { type: 'invitation', id: invitation!.id },
        metadata: { role: body.role },
      });
      return {
        userId: null,
        invitationId: invitation!.id,
        email: body.email.trim(),
        name: null,
        role: body.role,
        status: 'invited' as const,
        createdAt: invitation!.createdAt.toISOString(),
      };
    });
  }

  async changeRole(
    actor: UserActor,
    organizationId: string,
    userId: string,
    role: OrgRole,
    meta: RequestMeta,
  ): Promise<Member> {
    return this.d.db.transaction(async (tx) => {
      // The caller's own ownership is judged on the locked rows, not on a read from before the lock.
      const owners = await this.lockOwners(tx, organizationId);
      const [current] = await tx
        .select()
        .from(memberships)
        .where(and(eq(memberships.organizationId, organizationId), eq(memberships.userId, userId)));
      if (!current) throw new AppError('NOT_FOUND', 404, 'This person is not a member.');
      if ((current.role === 'owner' || role === 'owner') && !this.isOwner(actor, owners)) throw onlyOwners();
      if (current.role === 'owner' && role !== 'owner' && owners.length <= 1) throw lastOwner();
      await tx
        .update(memberships)
        .set({ role })
        .where(and(eq(memberships.organizationId, organizationId), eq(memberships.userId, userId)));
      await this.d.audit.record(tx, {
        actor: { type: 'user', id: actor.userId, ...meta },
        organizationId,
        action: 'member.role_changed',
        target: { type: 'user', id: userId },
        metadata: { from: current.role, to: role },
      });
      const user = (await this.d.users.byId(tx, userId))!;
      return {
        userId,
        invitationId: null,
        email: this.d.users.email(user),
        name: user.name,
        role,
        status: 'active' as const,
        createdAt: current.createdAt.toISOString(),
      };
    });
  }

  async remove(actor: UserActor, organizationId: string, userId: string, meta: RequestMeta): Promise<void> {
    await this.d.db.transaction(async (tx) => {
      const owners = await this.lockOwners(tx, organizationId);
      const [current] = await tx
        .select()
        .from(memberships)
        .where(and(eq(memberships.organizationId, organizationId), eq(memberships.userId, userId)));
      if (!current) throw new AppError('NOT_FOUND', 404, 'This person is not a member.');
      if (current.role === 'owner' && !this.isOwner(actor, owners)) throw onlyOwners();
      if (current.role === 'owner' && owners.length <= 1) throw lastOwner();
      await tx
        .delete(memberships)
        .where(and(eq(memberships.organizationId, organizationId), eq(memberships.userId, userId)));
      await this.d.audit.record(tx, {
        actor: { type: 'user', id: actor.userId, ...meta },
        organizationId,
        action: 'member.removed',
        target: { type: 'user', id: userId },
        metadata: { role: current.role },
      });
    });
  }

  async revokeInvitation(
    actor: UserActor,
    organizationId: string,
    invitationId: string,
    meta: RequestMeta,
  ): Promise<void> {
    await this.d.db.transaction(async (tx) => {
      const rows = await tx
        .update(invitations)
        .set({ revokedAt: new Date() })
        .where(and(eq(invitations.id, invitationId), eq(invitations.organizationId, organizationId), ...UNANSWERED))
        .returning({ id: invitations.id });
      if (rows.length === 0) throw new AppError('NOT_FOUND', 404, 'No such pending invitation.');
      await this.d.audit.record(tx, {
        actor: { type: 'user', id: actor.userId, ...meta },
        organizationId,
        action: 'member.invitation_revoked',
        target: { type: 'invitation', id: invitationId },
      });
    });
  }

  /** Which organization and role an open invitation is for (the token is the secret; nothing else is revealed). */
  async preview(
    token: string,
  ): Promise<{ organizationName: string; organizationSlug: string; role: OrgRole; expiresAt: string }> {
    const [row] = await this.d.db
      .select({ invitation: invitations, org: organizations })
      .from(invitations)
      .innerJoin(organizations, eq(organizations.id, invitations.organizationId))
      .where(and(eq(invitations.tokenHash, hashSecret(this.d.tokenKey, token, 'invitation')), ...OPEN_INVITATION));
    if (!row) throw new AppError('INVALID_TOKEN', 400, 'The invitation is invalid, used, revoked or expired.');
    return {
      organizationName: row.org.name,
      organizationSlug: row.org.slug,
      role: row.invitation.role,
      expiresAt: row.invitation.expiresAt.toISOString(),
    };
  }

  /** The signed-in invitee accepts with the emailed token (which also proves the address is theirs). */
  async accept(actor: UserActor, token: string, meta: RequestMeta): Promise<{ organizationId: string; role: OrgRole }> {
    return this.d.db.transaction(async (tx) => {
      const [invitation] = await tx
        .select()
        .from(invitations)
        .where(and(eq(invitations.tokenHash, hashSecret(this.d.tokenKey, token, 'invitation')), ...OPEN_INVITATION))
        .for('update');
      if (!invitation) throw new AppError('INVALID_TOKEN', 400, 'The invitation is invalid, used, revoked or expired.');
      const user = await this.d.users.byId(tx, actor.userId);
      if (!user || user.emailHash !== invitation.emailHash) {
        throw new AppError('FORBIDDEN', 403, 'This invitation was sent to another email address.');
      }
      if (!user.emailVerifiedAt) {
        await this.d.users.update(tx, user.id, { emailVerifiedAt: new Date() });
        await recordDomainEvent(tx, {
          type: 'user.email_verified',
          aggregateType: 'user',
          aggregateId: user.id,
          payload: { userId: user.id },
        });
      }
      await this.join(tx, invitation, user.id, { type: 'user', id: user.id, ...meta });
      return { organizationId: invitation.organizationId, role: invitation.role };
    });
  }

  /** On email verification: every pending invitation to that address becomes a membership. */
  async acceptPendingFor(tx: Executor, userId: string): Promise<number> {
    const user = await this.d.users.byId(tx, userId);
    if (!user?.emailVerifiedAt) return 0;
    const pending = await tx
      .select()
      .from(invitations)
      .where(and(eq(invitations.emailHash, user.emailHash), ...OPEN_INVITATION));
    for (const invitation of pending) {
      await this.join(tx, invitation, userId, { type: 'system', id: null });
      // They confirmed their address, not the invitation in so many words: say where they now belong.
      const org = await this.d.organizations.find(tx, invitation.organizationId);
      const welcome = await this.d.templates.compose(
        tx,
        'org.member-added',
        {
          organization: { name: org.name },
          invitation: { role: invitation.role, url: `${this.d.publicUrl}/orgs/${org.id}/members` },
        },
        { organizationId: org.id },
      );
      await this.d.mail.send(
        { to: this.d.users.email(user), ...welcome },
        { executor: tx, template: 'org.member-added' },
      );
    }
    return pending.length;
  }

  private async join(
    tx: Executor,
    invitation: typeof invitations.$inferSelect,
    userId: string,
    auditActor: { type: 'user' | 'system'; id: string | null; ip?: string | null; userAgent?: string | null },
  ): Promise<void> {
    await tx.update(invitations).set({ acceptedAt: new Date() }).where(eq(invitations.id, invitation.id));
    await tx
      .insert(memberships)
      .values({ organizationId: invitation.organizationId, userId, role: invitation.role })
      .onConflictDoNothing();
    await this.d.audit.record(tx, {
      actor: auditActor,
      organizationId: invitation.organizationId,
      action: 'member.joined',
      target: { type: 'user', id: userId },
      metadata: { role: invitation.role, invitationId: invitation.id },
    });
  }

  private async lockOwners(tx: Executor, organizationId: string) {
    return tx
      .select({ userId: memberships.userId })
      .from(memberships)
      .where(and(eq(memberships.organizationId, organizationId), eq(memberships.role, 'owner')))
      .for('update');
  }

  /** Platform admins act with an owner's rights. */
  private isOwner(actor: UserActor, owners: { userId: string }[]): boolean {
    return actor.platformRole === 'admin' || owners.some((o) => o.userId === actor.userId);
  }
}

function onlyOwners(): AppError {
  return new AppError('FORBIDDEN', 403, 'Only owners can grant, change or remove the owner role.');
}

function lastOwner(): AppError {
  return new AppError('LAST_OWNER', 409, 'An organization needs at least one owner; make someone else owner first.');
}
