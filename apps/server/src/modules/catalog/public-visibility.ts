import type { EventStatus } from './schema.ts';

/**
 * Who sees an event without being a member of its organization.
 *
 * - Listed (in `GET /events` and its search): published, live, completed and
 *   closed (= archived) events with visibility `public`.
 * - By direct id or slug: those, plus `unlisted` ones, plus cancelled ones
 *   (a link shared before the cancellation keeps working and shows the status).
 * - Never: drafts and `private` events (answered 404, as if they did not exist).
 */
export const LISTED_STATUSES: readonly EventStatus[] = ['published', 'live', 'completed', 'closed'];
const LINKABLE_STATUSES: readonly EventStatus[] = [...LISTED_STATUSES, 'cancelled'];

/** Whether anyone may open the event by its id or slug. */
export function isPublicByLink(status: EventStatus, visibility: 'public' | 'unlisted' | 'private'): boolean {
  return visibility !== 'private' && LINKABLE_STATUSES.includes(status);
}

/**
 * Event slugs that would read as a sub-route of `/events/{orgSlug}` in the
 * two-segment form `/events/{orgSlug}/{eventSlug}`: no event may take them.
 */
export const RESERVED_EVENT_SLUGS: readonly string[] = [
  'sessions',
  'stage',
  'people',
  'locations',
  'status',
  'status-history',
  'organizers',
  'tags',
  'links',
  'export',
  'import',
  'duplicate',
  'calendar.ics',
  'calendar',
  'ical',
  'feed',
  'search',
  // Registration (issue 5).
  'questions',
  'requirements',
  'registration-form',
  'registrations',
  'registrations.csv',
  'check-ins',
  'waitlist',
  'attendance',
  // Email templates (issue 5).
  'email-templates',
  // Chat (issue 12).
  'chat',
  // Certificates (issue 17).
  'certificates',
];
