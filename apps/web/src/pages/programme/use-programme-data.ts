import type { Event } from '@foyer/contracts';
import { useLocations, usePeople, useSessions, useTags } from '../../api/programme-queries.ts';
import type { ProgrammeData } from './session-drawer.tsx';

/** Sessions and people of the event with the organization's locations and tags, loaded together. */
export function useProgrammeData(event: Pick<Event, 'id' | 'organizationId'>) {
  const sessions = useSessions(event.id);
  const people = usePeople(event.id);
  const locations = useLocations(event.organizationId);
  const tags = useTags(event.organizationId);
  const all = [sessions, people, locations, tags];
  const data: ProgrammeData | null =
    sessions.data && people.data && locations.data && tags.data
      ? { sessions: sessions.data, people: people.data, locations: locations.data, tags: tags.data }
      : null;
  return {
    data,
    error: all.find((q) => q.isError)?.error ?? null,
    refetch: () => {
      for (const q of all) if (q.isError) void q.refetch();
    },
  };
}
