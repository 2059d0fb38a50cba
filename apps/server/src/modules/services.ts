import type { JWK } from 'jose';
import type { Platform } from '../platform/platform.ts';
import { AuditService } from './audit/audit-service.ts';
import { EventDuplicationService } from './catalog/event-duplication.ts';
import { EventFileService } from './catalog/event-file/event-file-service.ts';
import { EventOrganizersService } from './catalog/event-organizers-service.ts';
import { EventsService } from './catalog/events-service.ts';
import { LinksService } from './catalog/links-service.ts';
import { LocationsService } from './catalog/locations-service.ts';
import { PeopleService } from './catalog/people-service.ts';
import { PublicCatalogService } from './catalog/public-catalog-service.ts';
import { SessionsService } from './catalog/sessions-service.ts';
import { TagsService } from './catalog/tags-service.ts';
import { EmailNotifications } from './email/email-notifications.ts';
import { EmailTemplatesService } from './email/email-templates-service.ts';
import { TemplateEngine } from './email/template-engine.ts';
import { AccessTokens } from './identity/access-tokens.ts';
import { AuthCodes } from './identity/auth-codes.ts';
import { AuthSessions } from './identity/auth-sessions.ts';
import { IdentityService } from './identity/identity-service.ts';
import { SigningKeys } from './identity/signing-keys.ts';
import { UsersRepository } from './identity/users.ts';
import { ApiKeysService } from './organizations/api-keys-service.ts';
import { OrganizationsCleanUp } from './organizations/housekeeping.ts';
import { MembersService } from './organizations/members-service.ts';
import { OrganizationsService } from './organizations/organizations-service.ts';
import { AttendanceService } from './registration/attendance-service.ts';
import { CheckInsService } from './registration/check-ins-service.ts';
import { EventPermissions } from './registration/event-access.ts';
import { CleanUp, DailyReports } from './registration/housekeeping.ts';
import { QuestionsService } from './registration/questions-service.ts';
import { RegistrationImport } from './registration/registration-import.ts';
import { RegistrationQueries } from './registration/registration-queries.ts';
import { RegistrationCipher } from './registration/registration-store.ts';
import { RegistrationsService } from './registration/registrations-service.ts';
import { Reminders } from './registration/reminders.ts';
import { RequirementFit } from './registration/requirement-fit.ts';
import { RequirementsService } from './registration/requirements-service.ts';
import { buildSchedulingServices, type SchedulingServices } from './scheduling/scheduling-services.ts';

/** The domain services of one Foyer process, built once on its platform. */
export interface Services {
  audit: AuditService;
  users: UsersRepository;
  signingKeys: SigningKeys;
  accessTokens: AccessTokens;
  identity: IdentityService;
  organizations: OrganizationsService;
  members: MembersService;
  apiKeys: ApiKeysService;
  /** Deletes invitations that expired unaccepted long ago. */
  organizationsCleanUp: OrganizationsCleanUp;
  events: EventsService;
  eventDuplication: EventDuplicationService;
  /** Event as code: export, apply and destroy event files. */
  eventFiles: EventFileService;
  eventOrganizers: EventOrganizersService;
  links: LinksService;
  locations: LocationsService;
  tags: TagsService;
  people: PeopleService;
  sessions: SessionsService;
  publicCatalog: PublicCatalogService;
  eventPermissions: EventPermissions;
  questions: QuestionsService;
  requirements: RequirementsService;
  registrations: RegistrationsService;
  registrationQueries: RegistrationQueries;
  registrationImport: RegistrationImport;
  checkIns: CheckInsService;
  /** The attendance ledger, results by the event's rule, overrides. */
  attendance: AttendanceService;
  requirementFit: RequirementFit;
  /** Reminder mails before events start, exactly once each. */
  reminders: Reminders;
  dailyReports: DailyReports;
  cleanUp: CleanUp;
  /** Email templates: defaults, organisation and event overrides, previews, composing. */
  emailTemplates: EmailTemplatesService;
  /** Email sent on domain events (registrations, organizer changes) and reminders. */
  emailNotifications: EmailNotifications;
  /** Resources, layouts, projects, bookings. */
  scheduling: SchedulingServices;
}

const built = new WeakMap<Platform, Services>();

/** The services of `platform`, built on first use (after the platform has started). */
export function servicesOf(platform: Platform): Services {
  let services = built.get(platform);
  if (services) return services;
  const { db } = platform.database;
  const { config, cipher, keys } = platform;
  const audit = new AuditService(db);
  const users = new UsersRepository(cipher);
  const signingKeys = new SigningKeys(
    platform.database,
    cipher,
    config.accessTokenTtlSeconds,
    config.jwtSigningKey as JWK | null,
  );
  const accessTokens = new AccessTokens(signingKeys, config.publicUrl, config.accessTokenTtlSeconds);
  const identity = new IdentityService({
    db,
    users,
    sessions: new AuthSessions(db, keys.tokenHash),
    codes: new AuthCodes(db, keys.tokenHash),
    tokens: accessTokens,
    mail: platform.mail,
    audit,
    cipher,
    limiter: platform.rateLimiter,
    publicUrl: config.publicUrl,
  });
  const organizations = new OrganizationsService(db, audit);
  const emailTemplates = new EmailTemplatesService(db, audit, new TemplateEngine());
  const registrationCipher = new RegistrationCipher(cipher);
  const emailNotifications = new EmailNotifications({
    templates: emailTemplates,
    mail: platform.mail,
    registrationCipher,
    users,
    audit,
    publicUrl: config.publicUrl,
  });
  const members = new MembersService({
    templates: emailTemplates,
    db,
    cipher,
    users,
    organizations,
    mail: platform.mail,
    audit,
    tokenKey: keys.tokenHash,
    publicUrl: config.publicUrl,
  });
  const apiKeys = new ApiKeysService(db, audit, keys.tokenHash);
  const events = new EventsService(db, audit);
  const eventDuplication = new EventDuplicationService(db, audit);
  const eventFiles = new EventFileService(db, audit, events);
  const eventOrganizers = new EventOrganizersService(db, users, audit);
  const links = new LinksService(db, audit);
  const locations = new LocationsService(db, audit, links);
  const tags = new TagsService(db, audit);
  const people = new PeopleService(db, audit, links);
  const sessions = new SessionsService(db, audit, { locations, people, tags });
  const eventPermissions = new EventPermissions(events, organizations);
  const questions = new QuestionsService(db, audit);
  const requirements = new RequirementsService(db, audit);
  const attendance = new AttendanceService(db, audit, registrationCipher);
  const registrations = new RegistrationsService({
    db,
    audit,
    users,
    store: registrationCipher,
    questions,
    requirements,
    permissions: eventPermissions,
  });
  services = {
    audit,
    users,
    signingKeys,
    accessTokens,
    identity,
    organizations,
    members,
    apiKeys,
    organizationsCleanUp: new OrganizationsCleanUp(db, {
      expiredInvitationRetentionDays: config.expiredInvitationRetentionDays,
    }),
    events,
    eventDuplication,
    eventFiles,
    eventOrganizers,
    links,
    locations,
    tags,
    people,
    sessions,
    publicCatalog: new PublicCatalogService(db, links),
    eventPermissions,
    questions,
    requirements,
    registrations,
    registrationQueries: new RegistrationQueries(db, registrationCipher, questions),
    registrationImport: new RegistrationImport(db, audit, registrationCipher),
    checkIns: new CheckInsService(db, audit, registrationCipher, attendance),
    attendance,
    requirementFit: new RequirementFit(db, audit),
    reminders: new Reminders(db, emailNotifications),
    dailyReports: new DailyReports(db, platform.mail, users, config.publicUrl),
    cleanUp: new CleanUp(db, registrations, {
      pendingMaxAgeDays: config.pendingRegistrationMaxAgeDays,
      idempotencyKeyDays: config.idempotencyKeyRetentionDays,
    }),
    emailTemplates,
    emailNotifications,
    scheduling: buildSchedulingServices(db, audit, locations, platform.pubsub),
  };
  built.set(platform, services);
  return services;
}
