import { defineModule } from '../../platform/module.ts';
import type { Platform } from '../../platform/platform.ts';
import { type AuditServices, auditModule } from '../audit/index.ts';
import { type EmailServices, emailModule } from '../email/index.ts';
import { type IdentityServices, identityModule, USER_EMAIL_VERIFIED } from '../identity/index.ts';
import { ApiKeysService } from './api-keys-service.ts';
import { ORGANIZATIONS_CLEAN_UP_QUEUE, OrganizationsCleanUp } from './housekeeping.ts';
import { MembersService } from './members-service.ts';
import { registerOrganizationRoutes } from './organizations-routes.ts';
import { OrganizationsService } from './organizations-service.ts';

function organizationsServices(
  platform: Platform,
  { audit, users, emailTemplates }: AuditServices & IdentityServices & EmailServices,
) {
  const { config, cipher, keys } = platform;
  const { db } = platform.database;
  const organizations = new OrganizationsService(db, audit);
  const members = new MembersService({
    templates: emailTemplates,
    db,
    cipher,
    users,
    organizations,
    mail: platform.mail,
    audit,
    tokenKey: keys.tokenHash,
    publicUrl: config.publicUrl,
  });
  return {
    organizations,
    members,
    apiKeys: new ApiKeysService(db, audit, keys.tokenHash),
    /** Deletes invitations that expired unaccepted long ago. */
    organizationsCleanUp: new OrganizationsCleanUp(db, {
      expiredInvitationRetentionDays: config.expiredInvitationRetentionDays,
    }),
  };
}

export type OrganizationsServices = ReturnType<typeof organizationsServices>;

/** Organizations, members, invitations and API keys; teaches the access gate roles and API keys. */
export const organizationsModule = defineModule({
  name: 'organizations',
  needs: () => [auditModule, identityModule, emailModule],
  services: organizationsServices,
  configure(platform, { organizations, members, apiKeys, organizationsCleanUp }) {
    platform.access.use({
      apiKeyFromSecret: (key) => apiKeys.actorFor(key),
      roleOf: (userId, orgId) => organizations.roleOf(userId, orgId),
      requiresSecondFactor: (orgId) => organizations.requiresSecondFactor(orgId),
    });
    // A verified address turns pending invitations into memberships, exactly once per verification.
    platform.bus.onEventJob(USER_EMAIL_VERIFIED, 'organizations.accept-pending-invitations', async (event, tx) => {
      await members.acceptPendingFor(tx, String(event.payload.userId));
    });
    // Daily, after the registration clean-up: invitations that expired unaccepted long ago.
    platform.jobs.define({
      name: ORGANIZATIONS_CLEAN_UP_QUEUE,
      retryLimit: 3,
      concurrency: 1,
      pollingIntervalSeconds: 30,
    });
    platform.jobs.handle(ORGANIZATIONS_CLEAN_UP_QUEUE, async () => {
      const result = await organizationsCleanUp.run(new Date());
      platform.logger.info({ result }, 'organizations clean-up done');
    });
    platform.jobs.schedule(ORGANIZATIONS_CLEAN_UP_QUEUE, '47 3 * * *');
  },
  routes: registerOrganizationRoutes,
});
