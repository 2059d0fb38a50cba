// The registration module's public surface: what other modules may import.
export { ADDRESS_CONFIRMATION_REQUESTED, type AddressConfirmations } from './address-confirmations.ts';
export { type RegistrationServices, registrationModule } from './module.ts';
export type { RegistrationCipher } from './registration-store.ts';
export { REMINDERS_QUEUE, type ReminderSender, Reminders } from './reminders.ts';
/** Read model: registrations, for joins (who to mail, counts in reports). */
export { registrations } from './schema.ts';
