import { registerColanderRoutes } from '../compat/colander/colander-routes.ts';
import type { FoyerModule } from '../platform/module.ts';
import { registerAuditRoutes } from './audit/audit-routes.ts';
import { registerEventFileRoutes } from './catalog/event-file/event-file-routes.ts';
import { eventPageMetadata } from './catalog/event-page-metadata.ts';
import { rewriteEventSlugPath } from './catalog/event-path.ts';
import { registerEventRoutes } from './catalog/events-routes.ts';
import { registerProgrammeRoutes } from './catalog/programme-routes.ts';
import { registerPublicCatalogRoutes } from './catalog/public-catalog-routes.ts';
import { registerAdminMailRoutes } from './email/admin-mail-routes.ts';
import { REGISTRATION_MAILS, type RegistrationMailEvent } from './email/email-notifications.ts';
import { registerEmailTemplatesRoutes } from './email/email-templates-routes.ts';
import { registerIdentityRoutes } from './identity/identity-routes.ts';
import { USER_EMAIL_VERIFIED } from './identity/identity-service.ts';
import { ORGANIZATIONS_CLEAN_UP_QUEUE } from './organizations/housekeeping.ts';
import { registerOrganizationRoutes } from './organizations/organizations-routes.ts';
import { registerAttendanceRoutes } from './registration/attendance-routes.ts';
import { registerCheckInsRoutes } from './registration/check-ins-routes.ts';
import { CLEAN_UP_QUEUE, DAILY_REPORT_QUEUE } from './registration/housekeeping.ts';
import { registerMyRegistrationsRoutes } from './registration/my-registrations-routes.ts';
import { registerRegistrationFormRoutes } from './registration/registration-form-routes.ts';
import { registerRegistrationsRoutes } from './registration/registrations-routes.ts';
import { REMINDERS_QUEUE } from './registration/reminders.ts';
import { registerBookingRoutes } from './scheduling/bookings-routes.ts';
import { registerResourceRoutes } from './scheduling/resources-routes.ts';
import { servicesOf } from './services.ts';

/** Identity: accounts, sessions, tokens; teaches the access gate to read access tokens and API keys. */
const identityModule: FoyerModule = {
  name: 'identity',
  configure(platform) {
    const services = () => servicesOf(platform);
    platform.access.use({
      userFromAccessToken: (token) => services().identity.userFromAccessToken(token),
      apiKeyFromSecret: (key) => services().apiKeys.actorFor(key),
      roleOf: (userId, orgId) => services().organizations.roleOf(userId, orgId),
      eventContext: (eventId, userId) => services().events.accessContext(eventId, userId),
    });
  },
  routes: registerIdentityRoutes,
};

/** Organizations, members, invitations and API keys. */
const organizationsModule: FoyerModule = {
  name: 'organizations',
  configure(platform) {
    // A verified address turns pending invitations into memberships, exactly once per verification.
    platform.bus.onEventJob(USER_EMAIL_VERIFIED, 'organizations.accept-pending-invitations', async (event, tx) => {
      await servicesOf(platform).members.acceptPendingFor(tx, String(event.payload.userId));
    });
    // Daily, after the registration clean-up: invitations that expired unaccepted long ago.
    platform.jobs.define({
      name: ORGANIZATIONS_CLEAN_UP_QUEUE,
      retryLimit: 3,
      concurrency: 1,
      pollingIntervalSeconds: 30,
    });
    platform.jobs.handle(ORGANIZATIONS_CLEAN_UP_QUEUE, async () => {
      const result = await servicesOf(platform).organizationsCleanUp.run(new Date());
      platform.logger.info({ result }, 'organizations clean-up done');
    });
    platform.jobs.schedule(ORGANIZATIONS_CLEAN_UP_QUEUE, '47 3 * * *');
  },
  routes: registerOrganizationRoutes,
};

const auditModule: FoyerModule = { name: 'audit', routes: registerAuditRoutes };

/** The event catalogue: events with their status machine and organizers, and their programme. */
const catalogModule: FoyerModule = {
  name: 'catalog',
  async routes(app, platform) {
    registerEventRoutes(app, platform);
    registerProgrammeRoutes(app, platform);
    await registerEventFileRoutes(app, platform);
    await registerPublicCatalogRoutes(app, platform);
  },
  rewriteUrl: rewriteEventSlugPath,
  pageMetadata: eventPageMetadata,
};

/** Registration: questions, requirements, registering with capacity and waiting list, managing registrations, check-in. */
const registrationModule: FoyerModule = {
  name: 'registration',
  configure(platform) {
    // A verified address claims the guest registrations made with it, exactly once per verification.
    platform.bus.onEventJob(USER_EMAIL_VERIFIED, 'registration.link-guest-registrations', async (event, tx) => {
      const userId = String(event.payload.userId);
      await servicesOf(platform).registrations.linkVerified(tx, userId, { type: 'system', id: null }, false);
    });
    // More capacity (or auto-promotion switched on) seats the waiting list without an organiser's click.
    platform.bus.onEventJob('event.updated', 'registration.fill-freed-seats', async (event, tx) => {
      await servicesOf(platform).registrations.fillFreedSeats(tx, String(event.payload.eventId));
    });
    // Every minute; a run that overlaps another or dies half-way still sends each reminder once.
    platform.jobs.define({ name: REMINDERS_QUEUE, retryLimit: 2, concurrency: 1, expireInSeconds: 300 });
    platform.jobs.handle(REMINDERS_QUEUE, async () => {
      await servicesOf(platform).reminders.sendDue(new Date());
    });
    platform.jobs.schedule(REMINDERS_QUEUE, '* * * * *');
    // Organisers' daily report at 07:00 UTC, once per event and day however often it runs.
    platform.jobs.define({ name: DAILY_REPORT_QUEUE, retryLimit: 3, concurrency: 1, pollingIntervalSeconds: 30 });
    platform.jobs.handle(DAILY_REPORT_QUEUE, async () => {
      await servicesOf(platform).dailyReports.sendDue(new Date());
    });
    platform.jobs.schedule(DAILY_REPORT_QUEUE, '0 7 * * *');
    platform.jobs.define({ name: CLEAN_UP_QUEUE, retryLimit: 3, concurrency: 1, pollingIntervalSeconds: 30 });
    platform.jobs.handle(CLEAN_UP_QUEUE, async () => {
      const result = await servicesOf(platform).cleanUp.run(new Date());
      platform.logger.info({ result }, 'registration clean-up done');
    });
    platform.jobs.schedule(CLEAN_UP_QUEUE, '41 3 * * *');
  },
  routes(app, platform) {
    registerRegistrationFormRoutes(app, platform);
    registerRegistrationsRoutes(app, platform);
    registerMyRegistrationsRoutes(app, platform);
    registerCheckInsRoutes(app, platform);
    registerAttendanceRoutes(app, platform);
  },
};

/** Email: templates with overrides, messages sent on domain events, the admins' outbox viewer. */
const emailModule: FoyerModule = {
  name: 'email',
  configure(platform) {
    const notifications = () => servicesOf(platform).emailNotifications;
    for (const type of Object.keys(REGISTRATION_MAILS) as RegistrationMailEvent[]) {
      platform.bus.onEventJob(type, `email.${type}`, (event, tx) => notifications().registrationChanged(tx, event));
    }
    for (const type of ['event.organizer_assigned', 'event.organizer_changed']) {
      platform.bus.onEventJob(type, `email.${type}`, (event, tx) => notifications().organizerChanged(tx, event));
    }
  },
  routes(app, platform) {
    registerEmailTemplatesRoutes(app, platform);
    registerAdminMailRoutes(app, platform);
  },
};

/** Resource scheduling: resources, layouts, projects, bookings without double booking. */
const schedulingModule: FoyerModule = {
  name: 'scheduling',
  configure(platform) {
    // Committed changes go out on pub/sub, in order, for live calendars in every process.
    for (const type of ['booking.*', 'resource.*', 'resource_layout.*', 'project.*']) {
      platform.bus.subscribe(type, 'scheduling.live-changes', (event) =>
        servicesOf(platform).scheduling.liveChanges.publish(event),
      );
    }
  },
  routes(app, platform) {
    registerResourceRoutes(app, servicesOf(platform).scheduling);
    registerBookingRoutes(app, servicesOf(platform).scheduling);
  },
};

/** The Colander protocol (anonymous and authenticated WebSockets) over identity and scheduling. */
const colanderModule: FoyerModule = {
  name: 'colander',
  routes: (app, platform) => {
    const s = servicesOf(platform);
    return registerColanderRoutes(app, {
      identity: s.identity,
      organizations: s.organizations,
      scheduling: s.scheduling,
      logger: platform.logger,
    });
  },
};

/** Every domain module of Foyer, in registration order. */
export const modules: FoyerModule[] = [
  identityModule,
  organizationsModule,
  auditModule,
  catalogModule,
  registrationModule,
  emailModule,
  schedulingModule,
  colanderModule,
];
