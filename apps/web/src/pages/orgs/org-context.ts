import type { Organization } from '@foyer/contracts';
import { useOutletContext } from 'react-router';

export interface OrgContext {
  org: Organization;
  /** May manage members, API keys and settings, and read the audit log (admin, owner, platform admin). */
  canManage: boolean;
  /** May grant or take the owner role. */
  isOwner: boolean;
}

export function useOrg(): OrgContext {
  return useOutletContext<OrgContext>();
}
