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

const ACTIVE_STATUSES: ReadonlySet<RegistrationStatus> = new Set(['confirmed', 'waitlisted', 'pending']);

/** Whether a registration still holds (or waits for) a place, so its attendee may cancel it. */
export function isCancellable(status: RegistrationStatus): boolean {
  return ACTIVE_STATUSES.has(status);
}
