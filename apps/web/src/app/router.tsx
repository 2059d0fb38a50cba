import type { ComponentType } from 'react';
import { createBrowserRouter, Navigate, type RouteObject } from 'react-router';
import { RequireAuth } from '../auth/require-auth.tsx';
import { NotFoundPage } from '../pages/not-found-page.tsx';
import { FoyerAppShell } from './app-shell.tsx';
import { RouteError } from './route-error.tsx';

/**
 * A route whose page is fetched when first visited: every page is its own
 * chunk, so a visitor of the public catalogue never downloads the console.
 */
function page<M>(load: () => Promise<M>, name: keyof M): Pick<RouteObject, 'lazy'> {
  return { lazy: async () => ({ Component: (await load())[name] as ComponentType }) };
}

/** The app's routes; `app-paths.ts` lists the same paths for the server (a test keeps them equal). */
export const appRoutes: RouteObject[] = [
  {
    // If the shell itself fails, fall back to the bare message.
    element: <FoyerAppShell />,
    errorElement: <RouteError />,
    children: [
      {
        // A page that fails keeps the header so people can navigate away.
        errorElement: <RouteError />,
        children: [
          { index: true, ...page(() => import('../pages/home-page.tsx'), 'HomePage') },
          { path: 'about', ...page(() => import('../pages/about-page.tsx'), 'AboutPage') },
          { path: 'signup', ...page(() => import('../pages/auth/signup-page.tsx'), 'SignupPage') },
          { path: 'login', ...page(() => import('../pages/auth/login-page.tsx'), 'LoginPage') },
          // Landing pages of emailed links.
          { path: 'verify-email', ...page(() => import('../pages/auth/verify-email-page.tsx'), 'VerifyEmailPage') },
          {
            path: 'forgot-password',
            ...page(() => import('../pages/auth/forgot-password-page.tsx'), 'ForgotPasswordPage'),
          },
          {
            path: 'reset-password',
            ...page(() => import('../pages/auth/reset-password-page.tsx'), 'ResetPasswordPage'),
          },
          {
            path: 'invitations/accept',
            ...page(() => import('../pages/invitations/accept-invitation-page.tsx'), 'AcceptInvitationPage'),
          },
          // A registration opened from its emails' link: no sign-in, the token is the key.
          {
            path: 'registrations/:registrationId',
            ...page(() => import('../pages/public/registration-link-page.tsx'), 'RegistrationLinkPage'),
          },
          // A certificate's QR code and link: anyone checks it, no sign-in.
          {
            path: 'verify/:code',
            ...page(() => import('../pages/certificates/verify-certificate-page.tsx'), 'VerifyCertificatePage'),
          },
          // The public catalogue: no sign-in. The server's OG tags rely on these paths.
          { path: 'events', ...page(() => import('../pages/public/public-events-page.tsx'), 'PublicEventsPage') },
          // The one-page stage: the whole width for the player and chat, outside the event's layout.
          { path: 'e/:orgSlug/:eventSlug/stage', ...page(() => import('../pages/stage/stage-page.tsx'), 'StagePage') },
          {
            path: 'e/:orgSlug/:eventSlug',
            ...page(() => import('../pages/public/event-layout.tsx'), 'PublicEventLayout'),
            children: [
              { index: true, ...page(() => import('../pages/public/event-about-page.tsx'), 'EventAboutPage') },
              { path: 'programme', ...page(() => import('../pages/public/programme-page.tsx'), 'ProgrammePage') },
              { path: 'people', ...page(() => import('../pages/public/people-page.tsx'), 'PeoplePage') },
              { path: 'locations', ...page(() => import('../pages/public/locations-page.tsx'), 'LocationsPage') },
              { path: 'sessions/:sessionId', ...page(() => import('../pages/public/session-page.tsx'), 'SessionPage') },
              { path: 'people/:personId', ...page(() => import('../pages/public/person-page.tsx'), 'PersonPage') },
              {
                path: 'locations/:locationId',
                ...page(() => import('../pages/public/location-page.tsx'), 'LocationPage'),
              },
              { path: 'register', ...page(() => import('../pages/public/register-page.tsx'), 'RegisterPage') },
              {
                path: 'register/confirm',
                ...page(() => import('../pages/public/confirm-address-page.tsx'), 'ConfirmAddressPage'),
              },
            ],
          },
          {
            element: <RequireAuth />,
            children: [
              { path: 'account', ...page(() => import('../pages/account/account-page.tsx'), 'AccountPage') },
              {
                path: 'account/registrations',
                ...page(() => import('../pages/account/my-registrations-page.tsx'), 'MyRegistrationsPage'),
              },
              {
                path: 'account/registrations/:registrationId',
                ...page(() => import('../pages/account/ticket-page.tsx'), 'TicketPage'),
              },
              { path: 'orgs/new', ...page(() => import('../pages/orgs/new-org-page.tsx'), 'NewOrgPage') },
              { path: 'admin/mail', ...page(() => import('../pages/admin/outbox-page.tsx'), 'OutboxPage') },
              {
                path: 'admin/mail/:mailId',
                ...page(() => import('../pages/admin/outbox-mail-page.tsx'), 'OutboxMailPage'),
              },
              {
                path: 'orgs/:orgId',
                ...page(() => import('../pages/orgs/org-layout.tsx'), 'OrgLayout'),
                children: [
                  { index: true, element: <Navigate to="events" replace /> },
                  { path: 'events', ...page(() => import('../pages/events/events-page.tsx'), 'EventsPage') },
                  { path: 'events/new', ...page(() => import('../pages/events/new-event-page.tsx'), 'NewEventPage') },
                  { path: 'events/:eventId', ...page(() => import('../pages/events/event-page.tsx'), 'EventPage') },
                  {
                    path: 'events/:eventId/:tab',
                    ...page(() => import('../pages/events/event-page.tsx'), 'EventPage'),
                  },
                  {
                    path: 'locations',
                    ...page(() => import('../pages/programme/locations-page.tsx'), 'LocationsPage'),
                  },
                  { path: 'tags', ...page(() => import('../pages/programme/tags-page.tsx'), 'TagsPage') },
                  { path: 'media', ...page(() => import('../pages/media/media-library-page.tsx'), 'MediaLibraryPage') },
                  { path: 'members', ...page(() => import('../pages/orgs/members-page.tsx'), 'MembersPage') },
                  { path: 'api-keys', ...page(() => import('../pages/orgs/api-keys-page.tsx'), 'ApiKeysPage') },
                  {
                    path: 'email-templates',
                    ...page(() => import('../pages/emails/org-email-templates-page.tsx'), 'OrgEmailTemplatesPage'),
                  },
                  { path: 'audit-log', ...page(() => import('../pages/orgs/audit-log-page.tsx'), 'AuditLogPage') },
                  { path: 'settings', ...page(() => import('../pages/orgs/settings-page.tsx'), 'OrgSettingsPage') },
                ],
              },
            ],
          },
          { path: '*', element: <NotFoundPage /> },
        ],
      },
    ],
  },
];

export function createRouter() {
  return createBrowserRouter(appRoutes);
}

/** Resolves once the router has loaded the first page's code, so the first render is the page itself. */
export function routerReady(router: ReturnType<typeof createRouter>): Promise<void> {
  if (router.state.initialized) return Promise.resolve();
  return new Promise((resolve) => {
    const unsubscribe = router.subscribe((state) => {
      if (!state.initialized) return;
      unsubscribe();
      resolve();
    });
  });
}
