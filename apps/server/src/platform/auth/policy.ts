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
  | 'org.auditLog.read';

interface Rule {
  /** Signed-in users may do it for themselves (no organization involved). */
  self?: true;
  /** Members of the organization with at least this role may do it. */
  minRole?: OrgRole;
  /** API keys of the organization holding this scope may do it. */
  apiKeyScope?: string;
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
};

export const ACTIONS = Object.keys(RULES) as Action[];

export interface Resource {
  organizationId?: string | null;
}

export type Decision = 'allow' | 'unauthenticated' | 'forbidden';

/**
 * Decides whether `actor` may do `action` on `resource`. `role` is the
 * actor's role in the resource's organization (null when not a member).
 * Pure: no I/O, so the whole matrix is testable at once.
 */
export function decide(actor: Actor, action: Action, resource: Resource, role: OrgRole | null): Decision {
  const rule = RULES[action];
  if (actor.kind === 'anonymous') return 'unauthenticated';
  if (actor.kind === 'apiKey') {
    if (!rule.apiKeyScope || !resource.organizationId) return 'forbidden';
    return actor.organizationId === resource.organizationId && actor.scopes.includes(rule.apiKeyScope)
      ? 'allow'
      : 'forbidden';
  }
  if (rule.self) return 'allow';
  if (actor.platformRole === 'admin') return 'allow';
  if (rule.minRole && role && RANK[role] >= RANK[rule.minRole]) return 'allow';
  return 'forbidden';
}

export function roleAtLeast(role: OrgRole | null, min: OrgRole): boolean {
  return role !== null && RANK[role] >= RANK[min];
}
