import { createBrowserRouter, Navigate } from 'react-router';
import { RequireAuth } from '../auth/require-auth.tsx';
import { AboutPage } from '../pages/about-page.tsx';
import { AccountPage } from '../pages/account/account-page.tsx';
import { MyRegistrationsPage } from '../pages/account/my-registrations-page.tsx';
import { TicketPage } from '../pages/account/ticket-page.tsx';
import { OutboxMailPage } from '../pages/admin/outbox-mail-page.tsx';
import { OutboxPage } from '../pages/admin/outbox-page.tsx';
import { ForgotPasswordPage } from '../pages/auth/forgot-password-page.tsx';
import { LoginPage } from '../pages/auth/login-page.tsx';
import { ResetPasswordPage } from '../pages/auth/reset-password-page.tsx';
import { SignupPage } from '../pages/auth/signup-page.tsx';
import { VerifyEmailPage } from '../pages/auth/verify-email-page.tsx';
import { OrgEmailTemplatesPage } from '../pages/emails/org-email-templates-page.tsx';
import { EventPage } from '../pages/events/event-page.tsx';
import { EventsPage } from '../pages/events/events-page.tsx';
import { NewEventPage } from '../pages/events/new-event-page.tsx';
import { HomePage } from '../pages/home-page.tsx';
import { AcceptInvitationPage } from '../pages/invitations/accept-invitation-page.tsx';
import { NotFoundPage } from '../pages/not-found-page.tsx';
import { ApiKeysPage } from '../pages/orgs/api-keys-page.tsx';
import { AuditLogPage } from '../pages/orgs/audit-log-page.tsx';
import { MembersPage } from '../pages/orgs/members-page.tsx';
import { NewOrgPage } from '../pages/orgs/new-org-page.tsx';
import { OrgLayout } from '../pages/orgs/org-layout.tsx';
import { OrgSettingsPage } from '../pages/orgs/settings-page.tsx';
import { LocationsPage } from '../pages/programme/locations-page.tsx';
import { TagsPage } from '../pages/programme/tags-page.tsx';
import { EventAboutPage } from '../pages/public/event-about-page.tsx';
import { PublicEventLayout } from '../pages/public/event-layout.tsx';
import { LocationPage } from '../pages/public/location-page.tsx';
import { LocationsPage as PublicLocationsPage } from '../pages/public/locations-page.tsx';
import { PeoplePage } from '../pages/public/people-page.tsx';
import { PersonPage } from '../pages/public/person-page.tsx';
import { ProgrammePage } from '../pages/public/programme-page.tsx';
import { PublicEventsPage } from '../pages/public/public-events-page.tsx';
import { RegisterPage } from '../pages/public/register-page.tsx';
import { RegistrationLinkPage } from '../pages/public/registration-link-page.tsx';
import { SessionPage } from '../pages/public/session-page.tsx';
import { FoyerAppShell } from './app-shell.tsx';
import { RouteError } from './route-error.tsx';

export function createRouter() {
  return createBrowserRouter([
    {
      // If the shell itself fails, fall back to the bare message.
      element: <FoyerAppShell />,
      errorElement: <RouteError />,
      children: [
        {
          // A page that fails keeps the header so people can navigate away.
          errorElement: <RouteError />,
          children: [
            { index: true, element: <HomePage /> },
            { path: 'about', element: <AboutPage /> },
            { path: 'signup', element: <SignupPage /> },
            { path: 'login', element: <LoginPage /> },
            // Landing pages of emailed links.
            { path: 'verify-email', element: <VerifyEmailPage /> },
            { path: 'forgot-password', element: <ForgotPasswordPage /> },
            { path: 'reset-password', element: <ResetPasswordPage /> },
            { path: 'invitations/accept', element: <AcceptInvitationPage /> },
            // A registration opened from its emails' link: no sign-in, the token is the key.
            { path: 'registrations/:registrationId', element: <RegistrationLinkPage /> },
            // The public catalogue: no sign-in. The server's OG tags rely on these paths.
            { path: 'events', element: <PublicEventsPage /> },
            {
              path: 'e/:orgSlug/:eventSlug',
              element: <PublicEventLayout />,
              children: [
                { index: true, element: <EventAboutPage /> },
                { path: 'programme', element: <ProgrammePage /> },
                { path: 'people', element: <PeoplePage /> },
                { path: 'locations', element: <PublicLocationsPage /> },
                { path: 'sessions/:sessionId', element: <SessionPage /> },
                { path: 'people/:personId', element: <PersonPage /> },
                { path: 'locations/:locationId', element: <LocationPage /> },
                { path: 'register', element: <RegisterPage /> },
              ],
            },
            {
              element: <RequireAuth />,
              children: [
                { path: 'account', element: <AccountPage /> },
                { path: 'account/registrations', element: <MyRegistrationsPage /> },
                { path: 'account/registrations/:registrationId', element: <TicketPage /> },
                { path: 'orgs/new', element: <NewOrgPage /> },
                { path: 'admin/mail', element: <OutboxPage /> },
                { path: 'admin/mail/:mailId', element: <OutboxMailPage /> },
                {
                  path: 'orgs/:orgId',
                  element: <OrgLayout />,
                  children: [
                    { index: true, element: <Navigate to="events" replace /> },
                    { path: 'events', element: <EventsPage /> },
                    { path: 'events/new', element: <NewEventPage /> },
                    { path: 'events/:eventId', element: <EventPage /> },
                    { path: 'events/:eventId/:tab', element: <EventPage /> },
                    { path: 'locations', element: <LocationsPage /> },
                    { path: 'tags', element: <TagsPage /> },
                    { path: 'members', element: <MembersPage /> },
                    { path: 'api-keys', element: <ApiKeysPage /> },
                    { path: 'email-templates', element: <OrgEmailTemplatesPage /> },
                    { path: 'audit-log', element: <AuditLogPage /> },
                    { path: 'settings', element: <OrgSettingsPage /> },
                  ],
                },
              ],
            },
            { path: '*', element: <NotFoundPage /> },
          ],
        },
      ],
    },
  ]);
}
