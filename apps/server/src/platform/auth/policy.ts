import type { Actor } from './actor.ts';

export type OrgRole = 'owner' | 'admin' | 'organizer' | 'viewer';

const RANK: Record<OrgRole, number> = { viewer: 1, organizer: 2, admin: 3, owner: 4 };

/**
 * Everything an actor may try to do. A route declares one of these; the
 * policy below is the only place that turns it into yes or no.
 */
export type Action =
  | 'account.read'
  | 'account.update'
  | 'org.create'
  | 'org.list'
  | 'org.read'
  | 'org.update'
  | 'org.members.read'
  | 'org.members.manage'
  | 'org.apiKeys.read'
  | 'org.apiKeys.manage'
  | 'org.auditLog.read'
  | 'event.create'
  | 'event.list'
  | 'event.read'
  | 'event.view'
  | 'event.manage'
  | 'catalog.read'
  | 'catalog.manage'
  | 'media.read'
  | 'media.manage'
  | 'registration.read'
  | 'registration.manage'
  | 'registration.cancel'
  | 'certificate.download'
  | 'scheduling.read'
  | 'scheduling.manage'
  | 'org.emailTemplates.manage'
  | 'platform.mail.read';

interface Rule {
  /** Signed-in users may do it for themselves (no organization involved). */
  self?: true;
  /** Members of the organization with at least this role may do it. */
  minRole?: OrgRole;
  /** API keys of the organization holding this scope may do it. */
  apiKeyScope?: string;
  /** Members with at least this role may do it on events they are an active organizer of. */
  assignedMinRole?: OrgRole;
  /** Anyone may do it, signed in or not, when the event is visible to the public by direct link. */
  publicWhenEventPublic?: true;
  /** A refusal is answered as if the resource did not exist (404), so it does not leak. */
  hideWhenDenied?: true;
}

const RULES: Record<Action, Rule> = {
  'account.read': { self: true },
  'account.update': { self: true },
  'org.create': { self: true },
  'org.list': { self: true },
  'org.read': { minRole: 'viewer', apiKeyScope: 'catalog:read' },
  'org.update': { minRole: 'admin' },
  'org.members.read': { minRole: 'viewer' },
  'org.members.manage': { minRole: 'admin' },
  'org.apiKeys.read': { minRole: 'admin' },
  'org.apiKeys.manage': { minRole: 'admin' },
  'org.auditLog.read': { minRole: 'admin' },
  'event.create': { minRole: 'organizer', apiKeyScope: 'catalog:write' },
  'event.list': { minRole: 'viewer', apiKeyScope: 'catalog:read' },
  'event.read': { minRole: 'viewer', apiKeyScope: 'catalog:read' },
  // The public read API: everyone for a publicly visible event; members (as event.read) for any;
  // the rest get a 404, never a 403 or 401, so drafts and private events do not leak.
  'event.view': {
    minRole: 'viewer',
    apiKeyScope: 'catalog:read',
    publicWhenEventPublic: true,
    hideWhenDenied: true,
  },
  // Admins and owners manage every event; organizers only those they run.
  'event.manage': { minRole: 'admin', assignedMinRole: 'organizer', apiKeyScope: 'catalog:write' },
  // Organization-level catalogue (locations, tags), shared by all of its events.
  'catalog.read': { minRole: 'viewer', apiKeyScope: 'catalog:read' },
  'catalog.manage': { minRole: 'organizer', apiKeyScope: 'catalog:write' },
  // The organization's media library: members see it, organizers upload, edit and delete.
  'media.read': { minRole: 'viewer', apiKeyScope: 'catalog:read' },
  'media.manage': { minRole: 'organizer', apiKeyScope: 'catalog:write' },
  // Who registered, their answers, check-ins and attendance: the same people as the event, but for API keys
  // the registrations scopes — a catalogue key publishes programmes, it does not read attendees' addresses.
  'registration.read': { minRole: 'viewer', apiKeyScope: 'registrations:read' },
  // The registration form, decisions, imports, check-in and attendance of events one manages.
  'registration.manage': { minRole: 'admin', assignedMinRole: 'organizer', apiKeyScope: 'registrations:write' },
  // Any signed-in user gets past the gate; the route lets only the attendee or whoever manages the event through.
  'registration.cancel': { self: true, apiKeyScope: 'registrations:write' },
  // A certificate's PDF: any signed-in user gets past the gate; the route lets only its holder or whoever may
  // read the event's registrations through. API keys with the registrations scopes download for the organisation.
  'certificate.download': { self: true, apiKeyScope: 'registrations:read' },
  // Resource scheduling: members see the calendars; organizers and up book (API keys with the catalogue scopes).
  'scheduling.read': { minRole: 'viewer', apiKeyScope: 'catalog:read' },
  'scheduling.manage': { minRole: 'organizer', apiKeyScope: 'catalog:write' },
  // The organisation's wording of its email; event-level templates use event.manage.
  'org.emailTemplates.manage': { minRole: 'admin' },
  // The outbox of every message: platform admins only (they pass every rule; nobody else matches this one).
  'platform.mail.read': {},
};

export interface Resource {
  organizationId?: string | null;
  /** Whether the actor is an active organizer of the event the action is about. */
  actorRunsEvent?: boolean;
  /** Whether the event is visible to anyone by direct link (published or later, not private). */
  eventIsPublic?: boolean;
}

/** `hidden`: refused, and answered as "not found". */
export type Decision = 'allow' | 'unauthenticated' | 'forbidden' | 'hidden';

/**
 * Decides whether `actor` may do `action` on `resource`. `role` is the
 * actor's role in the resource's organization (null when not a member).
 * Pure: no I/O, so the whole matrix is testable at once.
 */
export function decide(actor: Actor, action: Action, resource: Resource, role: OrgRole | null): Decision {
  const rule = RULES[action];
  if (rule.publicWhenEventPublic && resource.eventIsPublic) return 'allow';
  const decision = decideByRole(actor, rule, resource, role);
  return decision !== 'allow' && rule.hideWhenDenied ? 'hidden' : decision;
}

function decideByRole(actor: Actor, rule: Rule, resource: Resource, role: OrgRole | null): Decision {
  if (actor.kind === 'anonymous') return 'unauthenticated';
  if (actor.kind === 'apiKey') {
    if (!rule.apiKeyScope || !resource.organizationId) return 'forbidden';
    return actor.organizationId === resource.organizationId && hasScope(actor.scopes, rule.apiKeyScope)
      ? 'allow'
      : 'forbidden';
  }
  if (rule.self) return 'allow';
  if (actor.platformRole === 'admin') return 'allow';
  if (rule.minRole && role && RANK[role] >= RANK[rule.minRole]) return 'allow';
  if (rule.assignedMinRole && resource.actorRunsEvent && role && RANK[role] >= RANK[rule.assignedMinRole])
    return 'allow';
  return 'forbidden';
}

/** A `…:write` scope includes the matching `…:read`. */
function hasScope(scopes: string[], needed: string): boolean {
  return scopes.includes(needed) || (needed.endsWith(':read') && scopes.includes(needed.replace(/:read$/, ':write')));
}

/** Whether a refusal of `action` is answered 404 to everyone, anonymous callers included. */
export function hidesRefusals(action: Action): boolean {
  return RULES[action].hideWhenDenied === true;
}
