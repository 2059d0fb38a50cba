import { OrgRole } from '@foyer/contracts';

export const ROLES = OrgRole.options;

/** Roles this person may hand out: only owners grant the owner role. */
export function assignableRoles(isOwner: boolean): OrgRole[] {
  return isOwner ? [...ROLES] : ROLES.filter((role) => role !== 'owner');
}
