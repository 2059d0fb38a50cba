import { randomUUID } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { catalogModule } from './modules/catalog/index.ts';
import { AuthSessions, identityModule } from './modules/identity/index.ts';
import { organizationsModule } from './modules/organizations/index.ts';
import { registrationModule } from './modules/registration/index.ts';
import { schedulingModule } from './modules/scheduling/index.ts';
import { servicesOf } from './platform/module.ts';
import { createTestApp, type TestApp } from './platform/testing/test-app.ts';

/**
 * Every API route × every kind of caller → what the access gate answers.
 * `A` = let through (the handler may still answer 2xx/4xx on its own),
 * `401` = not signed in, `403` = forbidden. Adding a route without adding
 * it here fails the test.
 */
const ACTORS = [
  'anonymous',
  'outsider',
  'viewer',
  'organizer',
  // An organizer of the organization who runs the event under test.
  'runner',
  'admin',
  'owner',
  'otherOwner',
  'platformAdmin',
  // API keys of the organization, one per scope, so every scope is tried on every route.
  'keyCatalogRead',
  'keyCatalogWrite',
  'keyRegistrationsRead',
  'keyRegistrationsWrite',
  // A key of another organization holding every scope.
  'keyForeign',
] as const;
type ActorName = (typeof ACTORS)[number];
type Expect = 'A' | 401 | 403 | 404;

//                         anon outsider viewer organizer runner admin owner other pAdmin keyCR keyCW keyRR keyRW foreign
const PUBLIC: Expect[] = ['A', 'A', 'A', 'A', 'A', 'A', 'A', 'A', 'A', 'A', 'A', 'A', 'A', 'A'];
const SELF: Expect[] = [401, 'A', 'A', 'A', 'A', 'A', 'A', 'A', 'A', 403, 403, 403, 403, 403];
const ORG_READ: Expect[] = [401, 403, 'A', 'A', 'A', 'A', 'A', 403, 'A', 'A', 'A', 403, 403, 403];
const ORG_MEMBER: Expect[] = [401, 403, 'A', 'A', 'A', 'A', 'A', 403, 'A', 403, 403, 403, 403, 403];
const ORG_ADMIN: Expect[] = [401, 403, 403, 403, 403, 'A', 'A', 403, 'A', 403, 403, 403, 403, 403];
const EVENT_CREATE: Expect[] = [401, 403, 403, 'A', 'A', 'A', 'A', 403, 'A', 403, 'A', 403, 403, 403];
const EVENT_READ: Expect[] = [401, 403, 'A', 'A', 'A', 'A', 'A', 403, 'A', 'A', 'A', 403, 403, 403];
const EVENT_MANAGE: Expect[] = [401, 403, 403, 403, 'A', 'A', 'A', 403, 'A', 403, 'A', 403, 403, 403];
const CATALOG_READ: Expect[] = [401, 403, 'A', 'A', 'A', 'A', 'A', 403, 'A', 'A', 'A', 403, 403, 403];
// The public read API on a draft event: members read it; everyone else is told it does not exist.
const EVENT_VIEW: Expect[] = [404, 404, 'A', 'A', 'A', 'A', 'A', 404, 'A', 'A', 'A', 404, 404, 404];
const CATALOG_MANAGE: Expect[] = [401, 403, 403, 'A', 'A', 'A', 'A', 403, 'A', 403, 'A', 403, 403, 403];
// Registrants, answers, check-ins and attendance: members as for the event; keys need the registrations scopes.
const REGISTRATIONS_READ: Expect[] = [401, 403, 'A', 'A', 'A', 'A', 'A', 403, 'A', 403, 403, 'A', 'A', 403];
const REGISTRATIONS_MANAGE: Expect[] = [401, 403, 403, 403, 'A', 'A', 'A', 403, 'A', 403, 403, 403, 'A', 403];
const PLATFORM_ADMIN: Expect[] = [401, 403, 403, 403, 403, 403, 403, 403, 'A', 403, 403, 403, 403, 403];
// Chat on the draft fixture event: who may see it may take part, but API keys cannot write (the handler's 403).
const CHAT_PARTICIPATE: Expect[] = [404, 404, 'A', 'A', 'A', 'A', 'A', 404, 'A', 403, 403, 404, 404, 404];
// The author (the owner wrote the fixture messages) or a moderator of the event (event.manage); other viewers 403.
const CHAT_OWN_OR_MODERATE: Expect[] = [404, 404, 403, 403, 'A', 'A', 'A', 404, 'A', 403, 'A', 404, 404, 404];
// Editing is the author's alone.
const CHAT_OWN: Expect[] = [404, 404, 403, 403, 403, 403, 'A', 404, 403, 403, 403, 404, 404, 404];

type Fixture =
  | 'sessionId'
  | 'personId'
  | 'locationId'
  | 'tagId'
  | 'questionId'
  | 'requirementId'
  | 'registrationId'
  | 'mediaId'
  | 'resourceId'
  | 'layoutId'
  | 'projectId'
  | 'bookingId'
  | 'channelId'
  | 'messageId'
  | 'certificateId';

interface Ctx {
  orgId: string;
  eventId: string;
  email: () => string;
  /** A new event of the organization, run by `runner` (for routes that destroy it). */
  newEvent: () => Promise<string>;
  /** A session, person, location and tag of the organization (sessions and people of `eventId`). */
  fixtures: Record<Fixture, string>;
  /** A new one of a fixture (for routes that destroy it). */
  newFixture: (kind: Fixture) => Promise<string>;
}
type Body = (ctx: Ctx) => unknown;

// Bookings of the matrix never overlap: each takes the next hour of 2030.
let slot = 0;
const nextSlot = () => {
  const start = Date.UTC(2030, 0, 1) + slot++ * 3_600_000;
  return { startsAt: new Date(start).toISOString(), endsAt: new Date(start + 3_600_000).toISOString() };
};

const eventBody = () => ({
  name: 'Matrix Fest',
  slug: `ev-${randomUUID().slice(0, 8)}`,
  kind: 'festival',
  format: 'in_person',
  timezone: 'Europe/Berlin',
  startsAt: '2027-07-01T10:00:00+02:00',
  endsAt: '2027-07-03T22:00:00+02:00',
});

const unique = (prefix: string) => `${prefix} ${randomUUID().slice(0, 8)}`;
const links = () => ({ links: [{ url: 'https://example.org', service: 'website' }] });

/** A minimal event file with a fresh slug (event as code), sent as YAML. */
const eventFile = () =>
  [
    'foyer: event/v1',
    'event:',
    `  slug: file-${randomUUID().slice(0, 8)}`,
    '  name: Matrix File Fest',
    '  kind: festival',
    '  format: in_person',
    '  timezone: Europe/Berlin',
    '  startsAt: 2027-07-01T10:00:00+02:00',
    '  endsAt: 2027-07-03T22:00:00+02:00',
    '',
  ].join('\n');

const MATRIX: Record<
  string,
  {
    expect: Expect[];
    body?: Body;
    contentType?: string;
    freshEvent?: true;
    fresh?: Fixture;
    /** Path ids of this route's own (e.g. which fixture `:subjectId` is). */
    ids?: (ctx: Ctx) => Record<string, string>;
  }
> = {
  'GET /api/v1/openapi.json': { expect: PUBLIC },
  'GET /api/v1/asyncapi.json': { expect: PUBLIC },
  // A plain GET is answered 426 (Upgrade Required); sockets are covered by REALTIME_MATRIX below.
  'GET /api/v1/realtime': { expect: PUBLIC },
  'GET /api/v1/version': { expect: PUBLIC },
  'POST /api/v1/auth/signup': {
    expect: PUBLIC,
    body: (c) => ({ email: c.email(), password: 'tulip-canyon-42', name: 'M' }),
  },
  'POST /api/v1/auth/login': { expect: PUBLIC, body: (c) => ({ email: c.email(), password: 'whatever-123' }) },
  'POST /api/v1/auth/magic-code': { expect: PUBLIC, body: (c) => ({ email: c.email() }) },
  'POST /api/v1/auth/magic-code/verify': { expect: PUBLIC, body: (c) => ({ email: c.email(), code: '000000' }) },
  'POST /api/v1/auth/verify-email': { expect: PUBLIC, body: () => ({ token: 'x'.repeat(43) }) },
  'POST /api/v1/auth/verify-email/resend': { expect: SELF },
  'POST /api/v1/auth/login/second-factor': {
    expect: PUBLIC,
    body: () => ({ challenge: 'x'.repeat(43), code: '000000' }),
  },
  'POST /api/v1/auth/second-factor/totp': { expect: SELF },
  'POST /api/v1/auth/second-factor/totp/confirm': { expect: SELF, body: () => ({ code: '000000' }) },
  'POST /api/v1/auth/second-factor/recovery-codes': { expect: SELF, body: () => ({ code: '000000' }) },
  'POST /api/v1/auth/second-factor/disable': { expect: SELF, body: () => ({ password: 'wrong-one' }) },
  'POST /api/v1/auth/refresh': { expect: PUBLIC, body: () => ({ refreshToken: `rt_${'x'.repeat(43)}` }) },
  'POST /api/v1/auth/password-reset': { expect: PUBLIC, body: (c) => ({ email: c.email() }) },
  'POST /api/v1/auth/password-reset/confirm': {
    expect: PUBLIC,
    body: () => ({ token: 'x'.repeat(43), password: 'tulip-canyon-42' }),
  },
  'POST /api/v1/auth/password': {
    expect: SELF,
    body: () => ({ currentPassword: 'wrong-one', newPassword: 'tulip-canyon-43' }),
  },
  'GET /api/v1/auth/sessions': { expect: SELF },
  'DELETE /api/v1/auth/sessions/:sessionId': { expect: SELF },
  'POST /api/v1/auth/logout': { expect: SELF },
  'POST /api/v1/auth/logout-all': { expect: SELF },
  'GET /api/v1/me': { expect: SELF },
  'PATCH /api/v1/me': { expect: SELF, body: () => ({ locale: 'de' }) },
  'POST /api/v1/orgs': { expect: SELF, body: () => ({ name: 'Matrix org', slug: `m-${randomUUID().slice(0, 8)}` }) },
  'GET /api/v1/orgs': { expect: SELF },
  'GET /api/v1/orgs/:orgId': { expect: ORG_READ },
  'PATCH /api/v1/orgs/:orgId': { expect: ORG_ADMIN, body: () => ({ name: 'Renamed' }) },
  'GET /api/v1/orgs/:orgId/members': { expect: ORG_MEMBER },
  'POST /api/v1/orgs/:orgId/members': { expect: ORG_ADMIN, body: (c) => ({ email: c.email(), role: 'viewer' }) },
  'PATCH /api/v1/orgs/:orgId/members/:userId': { expect: ORG_ADMIN, body: () => ({ role: 'viewer' }) },
  'DELETE /api/v1/orgs/:orgId/members/:userId': { expect: ORG_ADMIN },
  'DELETE /api/v1/orgs/:orgId/invitations/:invitationId': { expect: ORG_ADMIN },
  'POST /api/v1/invitations/preview': { expect: PUBLIC, body: () => ({ token: 'x'.repeat(43) }) },
  'POST /api/v1/invitations/accept': { expect: SELF, body: () => ({ token: 'x'.repeat(43) }) },
  'POST /api/v1/orgs/:orgId/api-keys': { expect: ORG_ADMIN, body: () => ({ name: 'k', scopes: ['catalog:read'] }) },
  'GET /api/v1/orgs/:orgId/api-keys': { expect: ORG_ADMIN },
  'DELETE /api/v1/orgs/:orgId/api-keys/:keyId': { expect: ORG_ADMIN },
  'GET /api/v1/orgs/:orgId/audit-log': { expect: ORG_ADMIN },
  'POST /api/v1/orgs/:orgId/events': { expect: EVENT_CREATE, body: eventBody },
  'GET /api/v1/orgs/:orgId/events': { expect: EVENT_READ },
  'GET /api/v1/events': { expect: PUBLIC },
  'GET /api/v1/events/:eventId': { expect: EVENT_VIEW },
  'GET /api/v1/events/:eventId/locations': { expect: EVENT_VIEW },
  'GET /api/v1/events/:eventId/calendar.ics': { expect: EVENT_VIEW },
  'GET /api/v1/sessions/:sessionId/calendar.ics': { expect: EVENT_VIEW },
  'PATCH /api/v1/events/:eventId': { expect: EVENT_MANAGE, body: () => ({ summary: 'Edited' }) },
  'DELETE /api/v1/events/:eventId': { expect: EVENT_MANAGE, freshEvent: true },
  'POST /api/v1/events/:eventId/duplicate': {
    expect: EVENT_MANAGE,
    body: () => ({ slug: `dup-${randomUUID().slice(0, 8)}`, startsAt: '2028-07-01T10:00:00+02:00' }),
  },
  'GET /api/v1/events/:eventId/export': { expect: EVENT_READ },
  'POST /api/v1/orgs/:orgId/events::apply': { expect: EVENT_CREATE, body: eventFile, contentType: 'application/yaml' },
  // A fresh event each time: publishing the shared one would open the public routes below to everyone.
  'POST /api/v1/events/:eventId/status': {
    expect: EVENT_MANAGE,
    freshEvent: true,
    body: () => ({ status: 'published' }),
  },
  'GET /api/v1/events/:eventId/status-history': { expect: EVENT_READ },
  'GET /api/v1/events/:eventId/organizers': { expect: EVENT_READ },
  'POST /api/v1/events/:eventId/organizers': { expect: EVENT_MANAGE, body: (c) => ({ email: c.email(), role: 'co' }) },
  'PATCH /api/v1/events/:eventId/organizers/:userId': { expect: EVENT_MANAGE, body: () => ({ status: 'active' }) },
  'POST /api/v1/events/:eventId/sessions': {
    expect: EVENT_MANAGE,
    body: () => ({
      title: 'Opening',
      kind: 'talk',
      startsAt: '2027-07-01T12:00:00+02:00',
      endsAt: '2027-07-01T13:00:00+02:00',
    }),
  },
  'GET /api/v1/events/:eventId/sessions': { expect: EVENT_VIEW },
  'GET /api/v1/sessions/:sessionId': { expect: EVENT_VIEW },
  'PATCH /api/v1/sessions/:sessionId': { expect: EVENT_MANAGE, body: () => ({ title: 'Edited' }) },
  'DELETE /api/v1/sessions/:sessionId': { expect: EVENT_MANAGE, fresh: 'sessionId' },
  'POST /api/v1/events/:eventId/people': { expect: EVENT_MANAGE, body: () => ({ name: 'Ada' }) },
  'GET /api/v1/events/:eventId/people': { expect: EVENT_VIEW },
  'GET /api/v1/people/:personId': { expect: EVENT_VIEW },
  'PATCH /api/v1/people/:personId': { expect: EVENT_MANAGE, body: () => ({ bio: 'Edited' }) },
  'DELETE /api/v1/people/:personId': { expect: EVENT_MANAGE, fresh: 'personId' },
  'PUT /api/v1/people/:personId/links': { expect: EVENT_MANAGE, body: links },
  'POST /api/v1/orgs/:orgId/locations': { expect: CATALOG_MANAGE, body: () => ({ name: unique('Stage') }) },
  'GET /api/v1/orgs/:orgId/locations': { expect: CATALOG_READ },
  'GET /api/v1/locations/:locationId': { expect: CATALOG_READ },
  'PATCH /api/v1/locations/:locationId': { expect: CATALOG_MANAGE, body: () => ({ accessible: true }) },
  'DELETE /api/v1/locations/:locationId': { expect: CATALOG_MANAGE, fresh: 'locationId' },
  'PUT /api/v1/locations/:locationId/links': { expect: CATALOG_MANAGE, body: links },
  'POST /api/v1/orgs/:orgId/tags': { expect: CATALOG_MANAGE, body: () => ({ name: unique('tag') }) },
  'GET /api/v1/orgs/:orgId/tags': { expect: CATALOG_READ },
  'DELETE /api/v1/tags/:tagId': { expect: CATALOG_MANAGE, fresh: 'tagId' },
  'PUT /api/v1/events/:eventId/tags': { expect: EVENT_MANAGE, body: (c) => ({ tagIds: [c.fixtures.tagId] }) },
  'PUT /api/v1/events/:eventId/links': { expect: EVENT_MANAGE, body: links },
  // Registration
  'GET /api/v1/events/:eventId/registration-form': { expect: PUBLIC },
  'GET /api/v1/events/:eventId/questions': { expect: PUBLIC },
  'POST /api/v1/events/:eventId/questions': {
    expect: REGISTRATIONS_MANAGE,
    body: () => ({ label: 'Diet', kind: 'short_text' }),
  },
  'PATCH /api/v1/events/:eventId/questions/:questionId': {
    expect: REGISTRATIONS_MANAGE,
    body: () => ({ required: true }),
  },
  'DELETE /api/v1/events/:eventId/questions/:questionId': { expect: REGISTRATIONS_MANAGE, fresh: 'questionId' },
  'GET /api/v1/events/:eventId/requirements': { expect: PUBLIC },
  'POST /api/v1/events/:eventId/requirements': {
    expect: REGISTRATIONS_MANAGE,
    body: () => ({ key: `k-${randomUUID().slice(0, 8)}`, label: 'Laptop', kind: 'equipment' }),
  },
  'PATCH /api/v1/events/:eventId/requirements/:requirementId': {
    expect: REGISTRATIONS_MANAGE,
    body: () => ({ label: 'Edited' }),
  },
  'DELETE /api/v1/events/:eventId/requirements/:requirementId': {
    expect: REGISTRATIONS_MANAGE,
    fresh: 'requirementId',
  },
  'POST /api/v1/events/:eventId/registrations': { expect: PUBLIC, body: (c) => ({ email: c.email(), name: 'M' }) },
  'GET /api/v1/events/:eventId/registrations': { expect: REGISTRATIONS_READ },
  'GET /api/v1/events/:eventId/registrations/summary': { expect: REGISTRATIONS_READ },
  'GET /api/v1/events/:eventId/registrations.csv': { expect: REGISTRATIONS_READ },
  'POST /api/v1/events/:eventId/registrations/import': {
    expect: REGISTRATIONS_MANAGE,
    body: (c) => ({ csv: `${c.email()},Imported` }),
  },
  'POST /api/v1/events/:eventId/waitlist/promote-next': { expect: REGISTRATIONS_MANAGE, body: () => ({}) },
  // The gate lets any signed-in user through; the route then answers 403 unless they attend or manage the event.
  'POST /api/v1/registrations/:registrationId/cancel': {
    expect: REGISTRATIONS_MANAGE,
    body: () => ({}),
    fresh: 'registrationId',
  },
  // Open to anyone at the gate: the registration's link token is the credential (a wrong one answers 404).
  'GET /api/v1/registrations/:registrationId/by-link': { expect: PUBLIC },
  'POST /api/v1/registrations/:registrationId/cancel-by-link': {
    expect: PUBLIC,
    body: () => ({ token: '0'.repeat(74) }),
  },
  // Anyone may ask for a new link; the answer is 202 whether or not the address registered.
  'POST /api/v1/events/:eventId/registrations/link-requests': {
    expect: PUBLIC,
    body: (c) => ({ email: c.email() }),
  },
  // The token from the confirmation mail is the credential (a wrong one answers 404).
  'POST /api/v1/registrations/address-confirmations': {
    expect: PUBLIC,
    body: () => ({ token: '0'.repeat(106) }),
  },
  'POST /api/v1/registrations/:registrationId/link': { expect: REGISTRATIONS_MANAGE },
  'POST /api/v1/registrations/:registrationId/promote': { expect: REGISTRATIONS_MANAGE, body: () => ({}) },
  'POST /api/v1/registrations/:registrationId/approve': { expect: REGISTRATIONS_MANAGE, body: () => ({}) },
  'POST /api/v1/registrations/:registrationId/decline': { expect: REGISTRATIONS_MANAGE, body: () => ({}) },
  'GET /api/v1/me/registrations': { expect: SELF },
  'GET /api/v1/me/registrations/:registrationId': { expect: SELF },
  'POST /api/v1/me/registrations/link': { expect: SELF },
  'GET /api/v1/me/requirement-keys': { expect: SELF },
  'PUT /api/v1/me/requirement-keys': { expect: SELF, body: () => ({ keys: ['own-laptop'] }) },
  'POST /api/v1/events/:eventId/check-ins': {
    expect: REGISTRATIONS_MANAGE,
    body: () => ({ code: 'AAAAAAAAAAAAAAAAAAAAAAAAAA' }),
  },
  'DELETE /api/v1/events/:eventId/check-ins/:registrationId': { expect: REGISTRATIONS_MANAGE },
  'GET /api/v1/events/:eventId/attendance': { expect: REGISTRATIONS_READ },
  'POST /api/v1/events/:eventId/attendance': {
    expect: REGISTRATIONS_MANAGE,
    body: (c) => ({ registrationId: c.fixtures.registrationId, sourceRef: randomUUID() }),
  },
  'GET /api/v1/registrations/:registrationId/attendance': { expect: REGISTRATIONS_READ },
  'PUT /api/v1/registrations/:registrationId/attendance-override': {
    expect: REGISTRATIONS_MANAGE,
    body: () => ({ eligible: true, reason: 'Matrix' }),
  },
  // Email templates (`:type` is filled with registration.confirmed) and the admins' outbox.
  'GET /api/v1/orgs/:orgId/email-templates': { expect: ORG_ADMIN },
  'GET /api/v1/events/:eventId/email-templates': { expect: EVENT_MANAGE },
  'GET /api/v1/orgs/:orgId/email-templates/:type': { expect: ORG_ADMIN },
  'PUT /api/v1/orgs/:orgId/email-templates/:type': {
    expect: ORG_ADMIN,
    body: () => ({ subject: 'Hi {{ event.name }}' }),
  },
  'DELETE /api/v1/orgs/:orgId/email-templates/:type': { expect: ORG_ADMIN },
  'POST /api/v1/orgs/:orgId/email-templates/:type/preview': { expect: ORG_ADMIN, body: () => ({}) },
  'GET /api/v1/events/:eventId/email-templates/:type': { expect: EVENT_MANAGE },
  'PUT /api/v1/events/:eventId/email-templates/:type': {
    expect: EVENT_MANAGE,
    body: () => ({ text: 'See you, {{ recipient.name }}' }),
  },
  'DELETE /api/v1/events/:eventId/email-templates/:type': { expect: EVENT_MANAGE },
  'POST /api/v1/events/:eventId/email-templates/:type/preview': { expect: EVENT_MANAGE, body: () => ({}) },
  // Resource scheduling (scheduling.read = catalog read, scheduling.manage = catalog manage).
  'GET /api/v1/orgs/:orgId/resources': { expect: CATALOG_READ },
  'POST /api/v1/orgs/:orgId/resources': { expect: CATALOG_MANAGE, body: () => ({ name: `Room ${randomUUID()}` }) },
  'GET /api/v1/resources/:resourceId': { expect: CATALOG_READ },
  'PATCH /api/v1/resources/:resourceId': { expect: CATALOG_MANAGE, body: () => ({ capacity: 12 }) },
  'DELETE /api/v1/resources/:resourceId': { expect: CATALOG_MANAGE, fresh: 'resourceId' },
  'GET /api/v1/resources/:resourceId/calendar.ics': { expect: CATALOG_READ },
  'GET /api/v1/orgs/:orgId/resource-layouts': { expect: CATALOG_READ },
  'POST /api/v1/orgs/:orgId/resource-layouts': {
    expect: CATALOG_MANAGE,
    body: (c) => ({ name: `Layout ${randomUUID()}`, resourceIds: [c.fixtures.resourceId] }),
  },
  'GET /api/v1/resource-layouts/:layoutId': { expect: CATALOG_READ },
  'PATCH /api/v1/resource-layouts/:layoutId': { expect: CATALOG_MANAGE, body: () => ({ name: 'Matrix layout' }) },
  'DELETE /api/v1/resource-layouts/:layoutId': { expect: CATALOG_MANAGE, fresh: 'layoutId' },
  'GET /api/v1/resource-layouts/:layoutId/calendar.ics': { expect: CATALOG_READ },
  'GET /api/v1/orgs/:orgId/projects': { expect: CATALOG_READ },
  'POST /api/v1/orgs/:orgId/projects': { expect: CATALOG_MANAGE, body: () => ({ name: `Project ${randomUUID()}` }) },
  'PATCH /api/v1/projects/:projectId': { expect: CATALOG_MANAGE, body: () => ({ name: 'Matrix project' }) },
  'DELETE /api/v1/projects/:projectId': { expect: CATALOG_MANAGE, fresh: 'projectId' },
  'GET /api/v1/orgs/:orgId/bookings': { expect: CATALOG_READ },
  'POST /api/v1/orgs/:orgId/bookings': {
    expect: CATALOG_MANAGE,
    body: (c) => ({ resourceId: c.fixtures.resourceId, ...nextSlot() }),
  },
  'GET /api/v1/bookings/:bookingId': { expect: CATALOG_READ },
  'PATCH /api/v1/bookings/:bookingId': { expect: CATALOG_MANAGE, body: () => ({ label: 'Matrix' }) },
  'DELETE /api/v1/bookings/:bookingId': { expect: CATALOG_MANAGE, fresh: 'bookingId' },
  'GET /api/v1/orgs/:orgId/availability': { expect: CATALOG_READ },
  // Media: the library (media.read = catalog read, media.manage = catalog manage), serving, attachments.
  'POST /api/v1/orgs/:orgId/media': { expect: CATALOG_MANAGE },
  'GET /api/v1/orgs/:orgId/media': { expect: CATALOG_READ },
  'GET /api/v1/orgs/:orgId/media-quota': { expect: CATALOG_READ },
  'GET /api/v1/media/:mediaId': { expect: CATALOG_READ },
  'PATCH /api/v1/media/:mediaId': { expect: CATALOG_MANAGE, body: () => ({ altText: 'Matrix' }) },
  'GET /api/v1/media/:mediaId/usage': { expect: CATALOG_READ },
  'DELETE /api/v1/media/:mediaId': { expect: CATALOG_MANAGE, fresh: 'mediaId' },
  'POST /api/v1/media/:mediaId/signed-url': { expect: CATALOG_READ, body: () => ({}) },
  // Public by URL; private files need a signed URL, checked by the handler (the signature is the credential).
  'GET /api/v1/media/:mediaId/file': { expect: PUBLIC },
  'GET /api/v1/media/:mediaId/image': { expect: PUBLIC },
  'POST /api/v1/orgs/:orgId/media/resumable': { expect: CATALOG_MANAGE },
  'PATCH /api/v1/orgs/:orgId/media/resumable/:uploadId': { expect: CATALOG_MANAGE },
  'DELETE /api/v1/orgs/:orgId/media/resumable/:uploadId': { expect: CATALOG_MANAGE },
  // Attached images are public; attaching follows who manages the event (events, people) or the catalogue (locations).
  'GET /api/v1/events/:subjectId/media': { expect: PUBLIC, ids: (c) => ({ subjectId: c.eventId }) },
  'PUT /api/v1/events/:subjectId/media/:role': {
    expect: EVENT_MANAGE,
    ids: (c) => ({ subjectId: c.eventId, role: 'cover' }),
    body: (c) => ({ mediaId: c.fixtures.mediaId }),
  },
  'DELETE /api/v1/events/:subjectId/media/:role': {
    expect: EVENT_MANAGE,
    ids: (c) => ({ subjectId: c.eventId, role: 'cover' }),
  },
  'GET /api/v1/people/:subjectId/media': { expect: PUBLIC, ids: (c) => ({ subjectId: c.fixtures.personId }) },
  'PUT /api/v1/people/:subjectId/media/:role': {
    expect: EVENT_MANAGE,
    ids: (c) => ({ subjectId: c.fixtures.personId, role: 'photo' }),
    body: (c) => ({ mediaId: c.fixtures.mediaId }),
  },
  'DELETE /api/v1/people/:subjectId/media/:role': {
    expect: EVENT_MANAGE,
    ids: (c) => ({ subjectId: c.fixtures.personId, role: 'photo' }),
  },
  'GET /api/v1/locations/:subjectId/media': { expect: PUBLIC, ids: (c) => ({ subjectId: c.fixtures.locationId }) },
  'PUT /api/v1/locations/:subjectId/media/:role': {
    expect: CATALOG_MANAGE,
    ids: (c) => ({ subjectId: c.fixtures.locationId, role: 'image' }),
    body: (c) => ({ mediaId: c.fixtures.mediaId }),
  },
  'DELETE /api/v1/locations/:subjectId/media/:role': {
    expect: CATALOG_MANAGE,
    ids: (c) => ({ subjectId: c.fixtures.locationId, role: 'image' }),
  },
  // Chat (`:channelId` is a room of the fixture event, `:messageId` a message the owner wrote in it).
  'POST /api/v1/events/:eventId/chat/channels': {
    expect: EVENT_MANAGE,
    body: () => ({ kind: 'room', name: 'Matrix' }),
  },
  'GET /api/v1/events/:eventId/chat/channels': { expect: EVENT_VIEW },
  'POST /api/v1/events/:eventId/chat/conversations': {
    expect: CHAT_PARTICIPATE,
    body: () => ({ kind: 'group', name: 'Matrix', memberIds: [chatIds.target] }),
  },
  'GET /api/v1/events/:eventId/chat/conversations': { expect: CHAT_PARTICIPATE },
  'GET /api/v1/chat/channels/:channelId': { expect: EVENT_VIEW },
  'PATCH /api/v1/chat/channels/:channelId': { expect: EVENT_MANAGE, body: () => ({ slowModeSeconds: 0 }) },
  'GET /api/v1/chat/channels/:channelId/messages': { expect: EVENT_VIEW },
  'POST /api/v1/chat/channels/:channelId/messages': { expect: CHAT_PARTICIPATE, body: () => ({ text: 'Matrix' }) },
  'PATCH /api/v1/chat/messages/:messageId': { expect: CHAT_OWN, body: () => ({ text: 'Edited' }) },
  'DELETE /api/v1/chat/messages/:messageId': { expect: CHAT_OWN_OR_MODERATE, fresh: 'messageId' },
  'POST /api/v1/chat/messages/:messageId/reactions': {
    expect: CHAT_PARTICIPATE,
    body: () => ({ emoji: '👍', on: true }),
  },
  // On a room (no member list) members routes answer 409 to whoever gets through; conversations are in chat.test.ts.
  'POST /api/v1/chat/channels/:channelId/members': { expect: EVENT_VIEW, body: () => ({ userIds: [chatIds.target] }) },
  'DELETE /api/v1/chat/channels/:channelId/members/:userId': { expect: CHAT_OWN_OR_MODERATE },
  'GET /api/v1/events/:eventId/chat/sanctions': { expect: EVENT_MANAGE },
  'POST /api/v1/events/:eventId/chat/mutes': {
    expect: EVENT_MANAGE,
    body: () => ({ participant: { kind: 'user', id: chatIds.target }, minutes: 1 }),
  },
  'POST /api/v1/events/:eventId/chat/bans': {
    expect: EVENT_MANAGE,
    body: () => ({ participant: { kind: 'user', id: chatIds.target } }),
  },
  'DELETE /api/v1/events/:eventId/chat/sanctions/:sanctionId': { expect: EVENT_MANAGE },
  // Past the gate, POST answers 403 GUESTS_NOT_ALLOWED until the stage takes guests (not the gate's FORBIDDEN).
  'POST /api/v1/events/:eventId/chat/guests': { expect: EVENT_VIEW, body: () => ({ name: 'Matrix guest' }) },
  'GET /api/v1/events/:eventId/chat/guests/me': { expect: EVENT_VIEW },
  'DELETE /api/v1/events/:eventId/chat/guests/me': { expect: EVENT_VIEW },
  // Past the gate, 404 STAGE_NOT_SET_UP for the public until the stage is enabled.
  'GET /api/v1/events/:eventId/stage': { expect: EVENT_VIEW },
  'PUT /api/v1/events/:eventId/stage': {
    expect: EVENT_MANAGE,
    body: () => ({ enabled: true, player: { kind: 'youtube', source: 'dQw4w9WgXcQ' }, chat: 'guests' }),
  },
  // Certificates: issuing and revoking as registrations are managed, reading as they are read.
  'POST /api/v1/events/:eventId/certificates/issue': { expect: REGISTRATIONS_MANAGE, body: () => ({ all: true }) },
  'GET /api/v1/events/:eventId/certificates': { expect: REGISTRATIONS_READ },
  'GET /api/v1/events/:eventId/certificates/batches/:batchId': { expect: REGISTRATIONS_READ },
  'GET /api/v1/certificates/:certificateId': { expect: REGISTRATIONS_READ },
  // The gate lets any signed-in user through; the route then answers 403 unless they hold it or read the event's registrations.
  'GET /api/v1/certificates/:certificateId/pdf': { expect: REGISTRATIONS_READ },
  'POST /api/v1/certificates/:certificateId/revoke': {
    expect: REGISTRATIONS_MANAGE,
    body: () => ({ reason: 'Matrix' }),
  },
  'POST /api/v1/certificates/:certificateId/reissue': {
    expect: REGISTRATIONS_MANAGE,
    body: () => ({ reason: 'Matrix' }),
  },
  'GET /api/v1/me/certificates': { expect: SELF },
  // Anyone may check a PDF (rate limited with verification); a non-PDF body is 415 past the gate.
  'POST /api/v1/certificates/check-pdf': {
    expect: PUBLIC,
    body: () => '%PDF-1.7\n%%EOF\n',
    contentType: 'application/pdf',
  },
  // Anyone may verify a code (rate limited per address).
  'GET /api/v1/certificates/verify/:code': { expect: PUBLIC, ids: () => ({ code: 'ZZZZZZZZZZ' }) },
  'GET /api/v1/admin/mail': { expect: PLATFORM_ADMIN },
  'GET /api/v1/admin/mail/:mailId': { expect: PLATFORM_ADMIN },
};

let t: TestApp;
let ctx: Ctx;
const credentials = {} as Record<ActorName, () => Promise<Record<string, string>>>;
/** Ids the realtime matrix needs from the fixtures. */
const realtimeIds = { owner: '', conversation: '' };
/** An account the chat rows sanction and invite (not one of the callers, so no row changes another's answer). */
const chatIds = { target: '' };

beforeAll(async () => {
  t = await createTestApp();
  const s = {
    ...servicesOf(t.app.platform, catalogModule),
    ...servicesOf(t.app.platform, identityModule),
    ...servicesOf(t.app.platform, organizationsModule),
    ...servicesOf(t.app.platform, registrationModule),
  };
  const { db } = t.app.platform.database;
  const sessions = new AuthSessions(db, t.app.platform.keys.tokenHash);
  const newUser = async (role: 'admin' | 'user' = 'user') => {
    const user = await s.users.insert(db, {
      email: `${randomUUID()}@matrix.test`,
      name: 'Matrix',
      passwordHash: null,
      verified: true,
      platformRole: role,
    });
    return user!;
  };
  // A fresh session per request: logout and password change must not spoil later rows.
  const bearer = (userId: string, platformRole: 'admin' | 'user') => async () => {
    const { sessionId } = await sessions.open(db, userId, { ip: null, userAgent: null });
    return { authorization: `Bearer ${await s.accessTokens.issue({ userId, sessionId, platformRole })}` };
  };
  const owner = await newUser();
  const owned = await s.organizations.create(
    { kind: 'user', userId: owner.id, sessionId: '', platformRole: 'user', emailVerified: true },
    { name: 'Org A', slug: 'org-a' },
    { ip: null, userAgent: null },
  );
  const otherOwner = await newUser();
  const otherOrg = await s.organizations.create(
    { kind: 'user', userId: otherOwner.id, sessionId: '', platformRole: 'user', emailVerified: true },
    { name: 'Org B', slug: 'org-b' },
    { ip: null, userAgent: null },
  );
  const { memberships } = await import('./modules/organizations/index.ts');
  const member = async (role: 'viewer' | 'organizer' | 'admin') => {
    const u = await newUser();
    await db.insert(memberships).values({ organizationId: owned.id, userId: u.id, role });
    return u;
  };
  const [viewer, organizer, runner, admin, outsider, platformAdmin] = [
    await member('viewer'),
    await member('organizer'),
    await member('organizer'),
    await member('admin'),
    await newUser(),
    await newUser('admin'),
  ];
  const ownerActor = {
    kind: 'user' as const,
    userId: owner.id,
    sessionId: '',
    platformRole: 'user' as const,
    emailVerified: true,
  };
  const meta = { ip: null, userAgent: null };
  const key = async (organizationId: string, by: typeof ownerActor, scopes: string[]) =>
    (await s.apiKeys.create(by, organizationId, { name: scopes.join(' '), scopes: scopes as never }, meta)).key;
  const keyCatalogRead = await key(owned.id, ownerActor, ['catalog:read']);
  const keyCatalogWrite = await key(owned.id, ownerActor, ['catalog:write']);
  const keyRegistrationsRead = await key(owned.id, ownerActor, ['registrations:read']);
  const keyRegistrationsWrite = await key(owned.id, ownerActor, ['registrations:write']);
  const keyForeign = await key(otherOrg.id, { ...ownerActor, userId: otherOwner.id }, [
    'catalog:read',
    'catalog:write',
    'registrations:read',
    'registrations:write',
  ]);
  const { eventOrganizers } = await import('./modules/catalog/index.ts');
  const newEvent = async () => {
    const event = await s.events.create(owned.id, eventBody() as never, { type: 'system', id: null }, ownerActor);
    await db
      .insert(eventOrganizers)
      .values({ eventId: event.id, organizationId: owned.id, userId: runner.id, role: 'co', status: 'active' });
    return event.id;
  };

  credentials.anonymous = async () => ({});
  credentials.outsider = bearer(outsider.id, 'user');
  credentials.viewer = bearer(viewer.id, 'user');
  credentials.organizer = bearer(organizer.id, 'user');
  credentials.runner = bearer(runner.id, 'user');
  credentials.admin = bearer(admin.id, 'user');
  credentials.owner = bearer(owner.id, 'user');
  realtimeIds.owner = owner.id;
  credentials.otherOwner = bearer(otherOwner.id, 'user');
  credentials.platformAdmin = bearer(platformAdmin.id, 'admin');
  credentials.keyCatalogRead = async () => ({ authorization: `Bearer ${keyCatalogRead}` });
  credentials.keyCatalogWrite = async () => ({ authorization: `Bearer ${keyCatalogWrite}` });
  credentials.keyRegistrationsRead = async () => ({ 'x-api-key': keyRegistrationsRead });
  credentials.keyRegistrationsWrite = async () => ({ authorization: `Bearer ${keyRegistrationsWrite}` });
  credentials.keyForeign = async () => ({ authorization: `Bearer ${keyForeign}` });
  const eventId = await newEvent();
  const system = { type: 'system' as const, id: null };
  const scheduling = () => servicesOf(t.app.platform, schedulingModule);
  const newFixture = async (kind: Fixture): Promise<string> => {
    switch (kind) {
      case 'sessionId':
        // Scheduled, so that its calendar file exists for members.
        return (
          await s.sessions.create(
            eventId,
            {
              title: 'Fixture',
              kind: 'talk',
              startsAt: '2027-07-01T12:00:00+02:00',
              endsAt: '2027-07-01T13:00:00+02:00',
            },
            system,
          )
        ).id;
      case 'personId':
        return (await s.people.create(eventId, { name: 'Fixture' }, system)).id;
      case 'locationId':
        return (await s.locations.create(owned.id, { name: unique('Fixture') }, system)).id;
      case 'tagId':
        return (await s.tags.create(owned.id, unique('fixture'), system)).id;
      case 'questionId':
        return (await s.questions.create(eventId, { label: 'Fixture', kind: 'short_text' }, system)).id;
      case 'requirementId':
        return (await s.requirements.create(eventId, { key: randomUUID(), label: 'Fixture', kind: 'other' }, system))
          .id;
      case 'resourceId':
        return (await scheduling().resources.create(owned.id, { name: unique('Room') }, system)).id;
      case 'layoutId': {
        const resource = await scheduling().resources.create(owned.id, { name: unique('Room') }, system);
        return (
          await scheduling().resourceLayouts.create(
            owned.id,
            { name: unique('Layout'), resourceIds: [resource.id] },
            system,
          )
        ).id;
      }
      case 'projectId':
        return (await scheduling().projects.create(owned.id, { name: unique('Project') }, system)).id;
      case 'bookingId': {
        const resource = await scheduling().resources.create(owned.id, { name: unique('Room') }, system);
        return (await scheduling().bookings.create(owned.id, { resourceId: resource.id, ...nextSlot() }, system)).id;
      }
      case 'channelId': {
        const { chatModule } = await import('./modules/chat/index.ts');
        return (
          await servicesOf(t.app.platform, chatModule).chatChannels.createRoom({ actor: ownerActor }, eventId, {
            kind: 'room',
            name: unique('Room'),
          })
        ).id;
      }
      case 'messageId': {
        const { chatModule } = await import('./modules/chat/index.ts');
        return (
          await servicesOf(t.app.platform, chatModule).chatMessages.send({ actor: ownerActor }, chatRoomId, {
            text: 'Matrix message',
          })
        ).id;
      }
      case 'mediaId': {
        const { mediaModule } = await import('./modules/media/index.ts');
        const { default: sharp } = await import('sharp');
        const png = await sharp({
          create: { width: 8, height: 8, channels: 3, background: { r: Math.floor(Math.random() * 255), g: 7, b: 9 } },
        })
          .png()
          .toBuffer();
        const { Readable } = await import('node:stream');
        const { row } = await servicesOf(t.app.platform, mediaModule).media.ingest(owned.id, Readable.from([png]), {
          originalName: 'matrix.png',
          uploadedBy: null,
        });
        return row.id;
      }
      case 'certificateId': {
        // The fixture event issues certificates; a new registration, eligible by override, gets one.
        const { events } = await import('./modules/catalog/index.ts');
        const { eq } = await import('drizzle-orm');
        await db
          .update(events)
          .set({ cpd: { certificatesEnabled: true } })
          .where(eq(events.id, eventId));
        const registrationId = await newFixture('registrationId');
        await s.attendance.override(registrationId, { eligible: true, reason: 'Matrix' }, system);
        const { certificatesModule } = await import('./modules/certificates/index.ts');
        const { result } = await servicesOf(t.app.platform, certificatesModule).certificates.issue(
          eventId,
          { registrationIds: [registrationId] },
          system,
        );
        return result.issued[0]!.certificateId;
      }
      case 'registrationId': {
        // Imported: the fixture event is a draft, which takes no registrations through the form.
        const email = `${randomUUID()}@matrix.test`;
        await s.registrationImport.run(eventId, `${email},Fixture`, system);
        return (await s.registrationQueries.list(eventId, { q: email, limit: 1 })).items[0]!.id;
      }
    }
  };
  chatIds.target = (await newUser()).id;
  const chatRoomId = await newFixture('channelId');
  {
    const { chatModule } = await import('./modules/chat/index.ts');
    const conversation = await servicesOf(t.app.platform, chatModule).chatChannels.createConversation(
      { actor: ownerActor },
      eventId,
      { kind: 'group', name: 'Matrix', memberIds: [runner.id] },
    );
    realtimeIds.conversation = conversation.conversation.id;
  }
  ctx = {
    orgId: owned.id,
    eventId,
    email: () => `${randomUUID()}@matrix.test`,
    newEvent,
    fixtures: {
      sessionId: await newFixture('sessionId'),
      personId: await newFixture('personId'),
      locationId: await newFixture('locationId'),
      tagId: await newFixture('tagId'),
      questionId: await newFixture('questionId'),
      requirementId: await newFixture('requirementId'),
      registrationId: await newFixture('registrationId'),
      mediaId: await newFixture('mediaId'),
      resourceId: await newFixture('resourceId'),
      layoutId: await newFixture('layoutId'),
      projectId: await newFixture('projectId'),
      bookingId: await newFixture('bookingId'),
      channelId: chatRoomId,
      messageId: await newFixture('messageId'),
      certificateId: await newFixture('certificateId'),
    },
    newFixture,
  };
});
afterAll(async () => t?.close());

function fill(url: string, ids: Record<string, string>): string {
  // `::` is find-my-way's literal colon (`events::apply` is the path `events:apply`).
  return url.replace(/::|:([a-zA-Z]+)/g, (match, name: string) => (match === '::' ? ':' : (ids[name] ?? randomUUID())));
}

let ipCounter = 1;

describe('authorization matrix', () => {
  it('lists every API route, and only existing ones', () => {
    const routes = t.app.platform.access.routes.map((r) => `${r.method} ${r.url}`);
    expect([...new Set(routes)].sort()).toEqual(Object.keys(MATRIX).sort());
  });

  for (const [route, { expect: expected, body, contentType, freshEvent, fresh, ids }] of Object.entries(MATRIX)) {
    it(route, async () => {
      const [method, url] = route.split(' ') as [string, string];
      const answers: Record<string, Expect | number> = {};
      for (const [i, actor] of ACTORS.entries()) {
        const payload = body?.(ctx);
        const res = await t.app.inject({
          method: method as 'GET',
          url: fill(url, {
            ...ctx.fixtures,
            orgId: ctx.orgId,
            type: 'registration.confirmed',
            eventId: freshEvent ? await ctx.newEvent() : ctx.eventId,
            ...(fresh ? { [fresh]: await ctx.newFixture(fresh) } : {}),
            ...(ids?.(ctx) ?? {}),
          }),
          headers: { ...(await credentials[actor]()), ...(contentType ? { 'content-type': contentType } : {}) },
          // Each request from its own address, so per-IP rate limits do not interfere.
          remoteAddress: `10.77.${Math.floor(ipCounter / 250)}.${(ipCounter++ % 250) + 1}`,
          ...(payload !== undefined ? { payload: payload as object | string } : {}),
        });
        const code = res.statusCode >= 400 ? (res.json() as { code?: string }).code : undefined;
        // The gate's 401 carries WWW-Authenticate; a handler's own 401 (e.g. a bad refresh token) does not.
        // On an `event.view` route a 404 means "hidden" (the fixtures exist).
        const gate =
          res.statusCode === 404 && code === 'NOT_FOUND' && expected.includes(404)
            ? 404
            : res.statusCode === 401 && res.headers['www-authenticate']
              ? 401
              : res.statusCode === 403 && code === 'FORBIDDEN'
                ? 403
                : 'A';
        if (res.statusCode >= 500) throw new Error(`${route} as ${actor}: ${res.statusCode} ${res.body}`);
        answers[actor] = gate;
        expect.soft(gate, `${route} as ${actor} (${res.statusCode} ${code ?? ''})`).toBe(expected[i]);
      }
    });
  }
});

/**
 * Every realtime channel kind × every kind of caller → what subscribing
 * answers (the same policy as HTTP): `A` = ack, 401/403/404 = an `error`
 * UNAUTHENTICATED / FORBIDDEN / NOT_FOUND (and never a frame of the channel).
 * The fixture event is a draft, so it is hidden from outsiders.
 */
const REALTIME_MATRIX: Record<string, { channel: (c: Ctx) => string; expect: Expect[] }> = {
  //                                                    anon outsider viewer organizer runner admin owner other pAdmin keyCR keyCW keyRR keyRW foreign
  event: {
    channel: (c) => `event:${c.eventId}`,
    expect: [404, 404, 'A', 'A', 'A', 'A', 'A', 404, 'A', 'A', 'A', 404, 404, 404],
  },
  user: {
    channel: () => `user:${realtimeIds.owner}`,
    expect: [401, 404, 404, 404, 404, 404, 'A', 404, 404, 404, 404, 404, 404, 404],
  },
  // A room of the draft event: whoever may see the event.
  room: {
    channel: (c) => `room:${c.fixtures.channelId}`,
    expect: [404, 404, 'A', 'A', 'A', 'A', 'A', 404, 'A', 'A', 'A', 404, 404, 404],
  },
  // A group conversation of the owner and the runner: its members only, whoever else may see the event.
  conversation: {
    channel: () => `conversation:${realtimeIds.conversation}`,
    expect: [404, 404, 403, 403, 'A', 403, 'A', 404, 403, 403, 403, 404, 404, 404],
  },
};

describe('realtime authorization matrix', () => {
  let base = '';
  beforeAll(async () => {
    await t.app.listen({ port: 0, host: '127.0.0.1' });
    base = `ws://127.0.0.1:${(t.app.server.address() as { port: number }).port}`;
  });

  it('lists every channel kind and realtime command of the gateway', () => {
    const described = t.app.platform.realtime.describe();
    expect(described.channels.map((c) => c.kind).sort()).toEqual(Object.keys(REALTIME_MATRIX).sort());
    // Commands beyond auth/subscribe/unsubscribe/ping act on a channel the socket subscribed to (so passed this matrix).
    for (const command of described.commands) {
      if (!['auth', 'subscribe', 'unsubscribe', 'ping'].includes(command.type)) {
        expect(command.rule, command.type).toBe('subscribed to the channel');
      }
    }
  });

  for (const [kind, row] of Object.entries(REALTIME_MATRIX)) {
    it(`subscribe ${kind}:…`, async () => {
      const { TestSocket } = await import('./platform/testing/test-socket.ts');
      for (const [i, actor] of ACTORS.entries()) {
        const socket = await TestSocket.open(base.replace('ws', 'http'));
        const headers = await credentials[actor]();
        const token = (headers.authorization ?? '').replace(/^Bearer /, '') || headers['x-api-key'];
        if (token) expect((await socket.command({ type: 'auth', token })).type, `${actor} auth`).toBe('ack');
        const answer = await socket.command({ type: 'subscribe', channel: row.channel(ctx) });
        const got =
          answer.type === 'ack'
            ? 'A'
            : (({ UNAUTHENTICATED: 401, FORBIDDEN: 403, NOT_FOUND: 404 } as Record<string, Expect>)[answer.code] ??
              answer.code);
        expect.soft(got, `${kind} as ${actor}`).toBe(row.expect[i]);
        socket.close();
      }
    });
  }
});
