import { and, isNull, lt } from 'drizzle-orm';
import type { Db } from '../../platform/db/database.ts';
import { invitations } from './schema.ts';

export const ORGANIZATIONS_CLEAN_UP_QUEUE = 'organizations.clean-up';
const DAY = 86_400_000;

export interface OrganizationsCleanUpResult {
  /** Invitations deleted because they expired unaccepted more than the retention period ago. */
  expiredInvitations: number;
}

/**
 * Nightly clean-up of the organizations module: invitations never accepted
 * (still open, or withdrawn) whose expiry lies more than the retention
 * period in the past are deleted, encrypted address and all. Accepted
 * invitations are kept: `member.joined` audit entries name them. Nothing
 * references an invitation by foreign key, and the audit log keeps its own
 * copy of every invitation event (`member.invited`, `member.invitation_revoked`).
 */
export class OrganizationsCleanUp {
  constructor(
    private readonly db: Db,
    private readonly options: { expiredInvitationRetentionDays: number },
  ) {}

  async run(now: Date): Promise<OrganizationsCleanUpResult> {
    const cutoff = new Date(now.getTime() - this.options.expiredInvitationRetentionDays * DAY);
    const deleted = await this.db
      .delete(invitations)
      .where(and(isNull(invitations.acceptedAt), lt(invitations.expiresAt, cutoff)))
      .returning({ id: invitations.id });
    return { expiredInvitations: deleted.length };
  }
}
