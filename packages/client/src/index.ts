import { Health, Readiness, VersionInfo } from '@foyer/contracts';
import { authApi, meApi } from './auth.ts';
import { certificatesApi } from './certificates.ts';
import { chatApi } from './chat.ts';

export { tokensOf } from './auth.ts';

import { adminMailApi, emailTemplatesApi } from './email.ts';
import { eventOrganizersApi, eventsApi } from './events.ts';
import { type HttpOptions, request } from './http.ts';
import { mediaApi } from './media.ts';
import { apiKeysApi, auditLogApi, invitationsApi, membersApi, organizationsApi } from './organizations.ts';
import { linksApi, locationsApi, peopleApi, sessionsApi, tagsApi } from './programme.ts';
import { publicCatalogApi } from './public-catalog.ts';
import {
  attendanceApi,
  checkInsApi,
  myRegistrationsApi,
  registrationFormApi,
  registrationsApi,
} from './registrations.ts';
import { stageApi } from './stage.ts';

export { type ChatHistoryFilter, ChatRoom, chatApi, chatRealtimeChannel } from './chat.ts';
export {
  CookieSession,
  type CookieSessionOptions,
  type SessionSnapshot,
  type SessionStatus,
} from './cookie-session.ts';
export type { MailFilter, TemplateLevel } from './email.ts';
export type { EventListFilter } from './events.ts';
export { FoyerApiError, type HttpOptions, request } from './http.ts';
export type { AuditLogFilter } from './organizations.ts';
export type { PublicEventFilter, SessionFilter } from './public-catalog.ts';
export type { RegistrationFilter } from './registrations.ts';
export { isAddressConfirmationSent } from './registrations.ts';

/** Typed client for the Foyer HTTP API, built on the shared contracts. */
export function createFoyerClient(options: HttpOptions = {}) {
  return {
    system: {
      version: (signal?: AbortSignal) => request(options, '/api/v1/version', { schema: VersionInfo, signal }),
      /** Readiness is a 200 or a 503 with the same body; both are answers, not errors. */
      readiness: (signal?: AbortSignal) =>
        request(options, '/readyz', { schema: Readiness, acceptStatus: [503], signal, anonymous: true }),
      health: () => request(options, '/healthz', { schema: Health, anonymous: true }),
    },
    auth: authApi(options),
    me: meApi(options),
    orgs: organizationsApi(options),
    members: membersApi(options),
    invitations: invitationsApi(options),
    apiKeys: apiKeysApi(options),
    auditLog: auditLogApi(options),
    events: eventsApi(options),
    eventOrganizers: eventOrganizersApi(options),
    /** Read side for visitors: published events, their programme, people and locations. */
    catalog: publicCatalogApi(options),
    /** Organiser API of the programme: sessions, people, locations, tags and links. */
    sessions: sessionsApi(options),
    people: peopleApi(options),
    locations: locationsApi(options),
    tags: tagsApi(options),
    links: linksApi(options),
    /** Questions, requirements and the registration form of an event. */
    registrationForm: registrationFormApi(options),
    /** Registering, and the organiser's view and decisions on registrations. */
    registrations: registrationsApi(options),
    /** The signed-in attendee's registrations. */
    myRegistrations: myRegistrationsApi(options),
    /** Checking tickets in at the door. */
    checkIns: checkInsApi(options),
    /** Attendance ledger, eligibility and overrides (organisers). */
    attendance: attendanceApi(options),
    /** Email templates of organisations and events: overrides and previews. */
    emailTemplates: emailTemplatesApi(options),
    /** The organization's media library: list, edit, where used, delete, signed links. */
    media: mediaApi(options),
    /** The outbox of every message (platform admins). */
    adminMail: adminMailApi(options),
    /** Chat channels, conversations, history and moderation (live chat: `ChatRoom` on a `RealtimeClient`). */
    chat: chatApi(options),
    /** The event's one-page stage (player, second stream, chat mode) and its settings. */
    stage: stageApi(options),
    /** Certificates: issue, list, revoke, re-issue (organisers) and verify (anyone). */
    certificates: certificatesApi(options),
  };
}

export type FoyerClient = ReturnType<typeof createFoyerClient>;
export { Emitter } from './emitter.ts';
export {
  type ConnectionState,
  RealtimeChannel,
  RealtimeClient,
  type RealtimeClientOptions,
  RealtimeError,
  type WebSocketLike,
} from './realtime.ts';
