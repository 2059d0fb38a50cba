// The scheduling module's public surface: what other modules and adapters may import.
export type { BookingsService, ReservingSession } from './bookings-service.ts';
export {
  type BookingWindow,
  bookingInWindow,
  changeConcernsWindow,
  LiveChanges,
  SUBSCRIPTION_TTL_MS,
} from './live-changes.ts';
export { schedulingModule } from './module.ts';
export { SCHEDULING_EVENT_TYPES, type SchedulingChange, type SchedulingItemType } from './scheduling-changes.ts';
export type { SchedulingServices } from './scheduling-services.ts';
