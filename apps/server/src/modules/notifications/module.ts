import { defineModule } from '../../platform/module.ts';
import type { Platform } from '../../platform/platform.ts';
import { type AuditServices, auditModule } from '../audit/index.ts';
import { type EmailServices, emailModule } from '../email/index.ts';
import { type IdentityServices, identityModule } from '../identity/index.ts';
import {
  ADDRESS_CONFIRMATION_REQUESTED,
  REMINDERS_QUEUE,
  type RegistrationServices,
  Reminders,
  registrationModule,
} from '../registration/index.ts';
import { EmailNotifications, REGISTRATION_MAILS, type RegistrationMailEvent } from './email-notifications.ts';

function notificationsServices(
  platform: Platform,
  {
    audit,
    users,
    emailTemplates,
    registrationCipher,
    addressConfirmations,
  }: AuditServices & IdentityServices & EmailServices & RegistrationServices,
) {
  const emailNotifications = new EmailNotifications({
    templates: emailTemplates,
    mail: platform.mail,
    registrationCipher,
    addressConfirmations,
    users,
    audit,
    publicUrl: platform.config.publicUrl,
  });
  return {
    /** Email sent on domain events (registrations, organizer changes) and reminders. */
    emailNotifications,
    /** Reminder mails before events start, exactly once each. */
    reminders: new Reminders(platform.database.db, emailNotifications),
  };
}

export type NotificationsServices = ReturnType<typeof notificationsServices>;

/**
 * Who is told what, and when: the emails sent when registrations and
 * organizer assignments change, and the reminders before events start.
 * It reacts to other modules' domain events and owns no tables.
 */
export const notificationsModule = defineModule({
  name: 'notifications',
  needs: () => [auditModule, identityModule, emailModule, registrationModule],
  services: notificationsServices,
  configure(platform, { emailNotifications, reminders }) {
    for (const type of Object.keys(REGISTRATION_MAILS) as RegistrationMailEvent[]) {
      platform.bus.onEventJob(type, `email.${type}`, (event, tx) => emailNotifications.registrationChanged(tx, event));
    }
    platform.bus.onEventJob(ADDRESS_CONFIRMATION_REQUESTED, `email.${ADDRESS_CONFIRMATION_REQUESTED}`, (event, tx) =>
      emailNotifications.addressConfirmationRequested(tx, event),
    );
    for (const type of ['event.organizer_assigned', 'event.organizer_changed']) {
      platform.bus.onEventJob(type, `email.${type}`, (event, tx) => emailNotifications.organizerChanged(tx, event));
    }
    // Every minute; a run that overlaps another or dies half-way still sends each reminder once.
    platform.jobs.define({ name: REMINDERS_QUEUE, retryLimit: 2, concurrency: 1, expireInSeconds: 300 });
    platform.jobs.handle(REMINDERS_QUEUE, async () => {
      await reminders.sendDue(new Date());
    });
    platform.jobs.schedule(REMINDERS_QUEUE, '* * * * *');
  },
});
