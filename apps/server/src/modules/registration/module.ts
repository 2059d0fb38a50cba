import { defineModule } from '../../platform/module.ts';
import type { Platform } from '../../platform/platform.ts';
import { type AuditServices, auditModule } from '../audit/index.ts';
import { type CatalogServices, catalogModule } from '../catalog/index.ts';
import { type IdentityServices, identityModule, USER_EMAIL_VERIFIED } from '../identity/index.ts';
import { type OrganizationsServices, organizationsModule } from '../organizations/index.ts';
import { AddressConfirmations } from './address-confirmations.ts';
import { registerAttendanceRoutes } from './attendance-routes.ts';
import { AttendanceService } from './attendance-service.ts';
import { registerCheckInsRoutes } from './check-ins-routes.ts';
import { CheckInsService } from './check-ins-service.ts';
import { EventPermissions } from './event-access.ts';
import { CLEAN_UP_QUEUE, CleanUp, DAILY_REPORT_QUEUE, DailyReports } from './housekeeping.ts';
import { registerMyRegistrationsRoutes } from './my-registrations-routes.ts';
import { QuestionsService } from './questions-service.ts';
import { copyRegistrationForm } from './registration-form-copy.ts';
import { registerRegistrationFormRoutes } from './registration-form-routes.ts';
import { RegistrationImport } from './registration-import.ts';
import { registerRegistrationLinkRoutes } from './registration-link-routes.ts';
import { RegistrationLinks } from './registration-links.ts';
import { RegistrationQueries } from './registration-queries.ts';
import { RegistrationCipher } from './registration-store.ts';
import { registerRegistrationsRoutes } from './registrations-routes.ts';
import { RegistrationsService } from './registrations-service.ts';
import { RequirementFit } from './requirement-fit.ts';
import { RequirementsService } from './requirements-service.ts';

function registrationServices(
  platform: Platform,
  { audit, users, events, organizations }: AuditServices & IdentityServices & CatalogServices & OrganizationsServices,
) {
  const { config, cipher } = platform;
  const { db } = platform.database;
  const registrationCipher = new RegistrationCipher(cipher, platform.keys.registrationLink);
  const eventPermissions = new EventPermissions(events, organizations);
  const questions = new QuestionsService(db, audit);
  const requirements = new RequirementsService(db, audit);
  const attendance = new AttendanceService(db, audit, registrationCipher);
  const registrations = new RegistrationsService({
    db,
    audit,
    users,
    store: registrationCipher,
    questions,
    requirements,
    permissions: eventPermissions,
  });
  const addressConfirmations = new AddressConfirmations({
    db,
    store: registrationCipher,
    registrations,
    limiter: platform.rateLimiter,
  });
  return {
    /** Encrypts and decrypts registrants' addresses (notifications decrypt them to send mail). */
    registrationCipher,
    eventPermissions,
    questions,
    requirements,
    registrations,
    /** The optional "confirm your address" step before a guest is registered. */
    addressConfirmations,
    registrationQueries: new RegistrationQueries(db, registrationCipher, questions),
    /** Mailing a registration's link again, retiring the older ones. */
    registrationLinks: new RegistrationLinks({ db, audit, store: registrationCipher }),
    registrationImport: new RegistrationImport(db, audit, registrationCipher),
    checkIns: new CheckInsService(db, audit, registrationCipher, attendance),
    /** The attendance ledger, results by the event's rule, overrides. */
    attendance,
    requirementFit: new RequirementFit(db, audit),
    dailyReports: new DailyReports(db, platform.mail, users, config.publicUrl),
    cleanUp: new CleanUp(db, registrations, addressConfirmations, {
      pendingMaxAgeDays: config.pendingRegistrationMaxAgeDays,
      idempotencyKeyDays: config.idempotencyKeyRetentionDays,
    }),
  };
}

export type RegistrationServices = ReturnType<typeof registrationServices>;

/** Registration: questions, requirements, registering with capacity and waiting list, managing registrations, check-in, attendance. */
export const registrationModule = defineModule({
  name: 'registration',
  needs: () => [auditModule, identityModule, organizationsModule, catalogModule],
  services: registrationServices,
  configure(platform, { registrations, dailyReports, cleanUp, eventDuplication, publicCatalog, requirementFit }) {
    // A duplicated event gets the same registration form.
    eventDuplication.alsoCopy(copyRegistrationForm);
    // `GET /events?fits=me` keeps the events whose requirements the user meets.
    publicCatalog.decideFitsWith((userId) => requirementFit.fits(userId));
    // A verified address claims the guest registrations made with it, exactly once per verification.
    platform.bus.onEventJob(USER_EMAIL_VERIFIED, 'registration.link-guest-registrations', async (event, tx) => {
      const userId = String(event.payload.userId);
      await registrations.linkVerified(tx, userId, { type: 'system', id: null }, false);
    });
    // More capacity (or auto-promotion switched on) seats the waiting list without an organiser's click.
    platform.bus.onEventJob('event.updated', 'registration.fill-freed-seats', async (event, tx) => {
      await registrations.fillFreedSeats(tx, String(event.payload.eventId));
    });
    // Organisers' daily report at 07:00 UTC, once per event and day however often it runs.
    platform.jobs.define({ name: DAILY_REPORT_QUEUE, retryLimit: 3, concurrency: 1, pollingIntervalSeconds: 30 });
    platform.jobs.handle(DAILY_REPORT_QUEUE, async () => {
      await dailyReports.sendDue(new Date());
    });
    platform.jobs.schedule(DAILY_REPORT_QUEUE, '0 7 * * *');
    platform.jobs.define({ name: CLEAN_UP_QUEUE, retryLimit: 3, concurrency: 1, pollingIntervalSeconds: 30 });
    platform.jobs.handle(CLEAN_UP_QUEUE, async () => {
      const result = await cleanUp.run(new Date());
      platform.logger.info({ result }, 'registration clean-up done');
    });
    platform.jobs.schedule(CLEAN_UP_QUEUE, '41 3 * * *');
  },
  routes(app, platform, services) {
    registerRegistrationFormRoutes(app, platform, services);
    registerRegistrationsRoutes(app, services, {
      limiter: platform.rateLimiter,
      perIp: platform.config.registrationGuestLimitPerIp,
    });
    registerRegistrationLinkRoutes(app, services, platform.rateLimiter);
    registerMyRegistrationsRoutes(app, platform, services);
    registerCheckInsRoutes(app, services);
    registerAttendanceRoutes(app, services);
  },
});
