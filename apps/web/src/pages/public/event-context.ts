import type { PublicEvent } from '@foyer/contracts';
import { useOutletContext } from 'react-router';

/** What the event layout hands its pages: the event and its `orgSlug/eventSlug` path. */
export interface PublicEventContext {
  event: PublicEvent;
  path: string;
}

export function useEventContext(): PublicEventContext {
  return useOutletContext<PublicEventContext>();
}
