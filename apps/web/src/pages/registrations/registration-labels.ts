import type { RegistrationStatus } from '@foyer/contracts';

export const REGISTRATION_STATUSES: readonly RegistrationStatus[] = [
  'confirmed',
  'waitlisted',
  'pending',
  'cancelled',
  'declined',
];

export const STATUS_COLORS: Record<RegistrationStatus, string> = {
  confirmed: 'teal',
  waitlisted: 'yellow',
  pending: 'blue',
  cancelled: 'gray',
  declined: 'red',
};
