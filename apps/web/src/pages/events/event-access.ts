import type { Event } from '@foyer/contracts';
import { useEventOrganizers } from '../../api/event-queries.ts';
import { useAuth } from '../../auth/auth-context.tsx';
import type { OrgContext } from '../orgs/org-context.ts';

/** Organizers, admins and owners create events; viewers only read. */
export function canCreateEvents(context: OrgContext): boolean {
  return context.canManage || context.org.role === 'organizer';
}

/**
 * Whether the signed-in person may edit this event: admins and owners always,
 * organizers only while they actively run it. The server decides in the end;
 * a 403 it answers is shown where the action was tried.
 */
export function useCanManageEvent(context: OrgContext, event: Pick<Event, 'id'>): boolean {
  const { user } = useAuth();
  const isOrganizer = context.org.role === 'organizer';
  const organizers = useEventOrganizers(event.id);
  if (context.canManage) return true;
  if (!isOrganizer || !user) return false;
  return (organizers.data ?? []).some((o) => o.userId === user.id && o.status === 'active');
}
