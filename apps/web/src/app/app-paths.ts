/**
 * Every path the web app has a page for (React Router patterns, `:name` is
 * one segment). The build writes this list to `dist/app-paths.json`, and the
 * server answers 404 (still with the app, which shows its not-found page)
 * for any other address. `app-paths.test.ts` checks it against the router.
 */
export const APP_PATHS: readonly string[] = [
  '/',
  '/about',
  '/signup',
  '/login',
  '/verify-email',
  '/forgot-password',
  '/reset-password',
  '/invitations/accept',
  '/registrations/:registrationId',
  '/events',
  '/e/:orgSlug/:eventSlug',
  '/e/:orgSlug/:eventSlug/programme',
  '/e/:orgSlug/:eventSlug/people',
  '/e/:orgSlug/:eventSlug/locations',
  '/e/:orgSlug/:eventSlug/sessions/:sessionId',
  '/e/:orgSlug/:eventSlug/people/:personId',
  '/e/:orgSlug/:eventSlug/locations/:locationId',
  '/e/:orgSlug/:eventSlug/register',
  '/account',
  '/account/registrations',
  '/account/registrations/:registrationId',
  '/orgs/new',
  '/admin/mail',
  '/admin/mail/:mailId',
  '/orgs/:orgId',
  '/orgs/:orgId/events',
  '/orgs/:orgId/events/new',
  '/orgs/:orgId/events/:eventId',
  '/orgs/:orgId/events/:eventId/:tab',
  '/orgs/:orgId/locations',
  '/orgs/:orgId/tags',
  '/orgs/:orgId/members',
  '/orgs/:orgId/api-keys',
  '/orgs/:orgId/email-templates',
  '/orgs/:orgId/audit-log',
  '/orgs/:orgId/settings',
];
