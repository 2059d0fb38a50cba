import type { Session } from '@foyer/contracts';

type Timed = Pick<Session, 'id' | 'startsAt' | 'endsAt' | 'locationId'>;

/**
 * Sessions that overlap another session at the same location, each with the
 * ids of the sessions it clashes with. Touching sessions (one ends at 11:00,
 * the next starts at 11:00) do not clash; unscheduled ones never do.
 */
export function locationConflicts(sessions: readonly Timed[]): Map<string, string[]> {
  const byLocation = new Map<string, { id: string; start: number; end: number }[]>();
  for (const s of sessions) {
    if (!s.locationId || !s.startsAt || !s.endsAt) continue;
    const start = Date.parse(s.startsAt);
    const end = Date.parse(s.endsAt);
    if (Number.isNaN(start) || Number.isNaN(end)) continue;
    const list = byLocation.get(s.locationId) ?? [];
    list.push({ id: s.id, start, end });
    byLocation.set(s.locationId, list);
  }
  const conflicts = new Map<string, string[]>();
  const add = (a: string, b: string) => conflicts.set(a, [...(conflicts.get(a) ?? []), b]);
  for (const list of byLocation.values()) {
    list.sort((a, b) => a.start - b.start);
    for (let i = 0; i < list.length; i++) {
      const a = list[i] as (typeof list)[number];
      // Sorted by start: once one starts after `a` ends, no later one overlaps it.
      for (let j = i + 1; j < list.length && (list[j] as (typeof list)[number]).start < a.end; j++) {
        const b = list[j] as (typeof list)[number];
        add(a.id, b.id);
        add(b.id, a.id);
      }
    }
  }
  return conflicts;
}

/** The sessions a draft (new or edited, `id` '' when new) would clash with at its location. */
export function conflictsOf(draft: Timed, sessions: readonly Timed[]): string[] {
  const id = draft.id || '\u0000draft';
  const others = sessions.filter((s) => s.id !== draft.id);
  return locationConflicts([...others, { ...draft, id }]).get(id) ?? [];
}

/** The calendar day (`YYYY-MM-DD`) of an instant in a zone. */
export function dayIn(instant: string, timeZone: string): string {
  return new Intl.DateTimeFormat('en-CA', { timeZone, year: 'numeric', month: '2-digit', day: '2-digit' }).format(
    new Date(instant),
  );
}

export interface SessionDay<T> {
  /** `YYYY-MM-DD` in the event's zone, or null for the unscheduled sessions. */
  day: string | null;
  sessions: T[];
}

/** Sessions sorted by start and grouped by their day in the event's zone; unscheduled ones last. */
export function groupByDay<T extends Pick<Session, 'startsAt' | 'title'>>(
  sessions: readonly T[],
  timeZone: string,
): SessionDay<T>[] {
  const sorted = [...sessions].sort(
    (a, b) =>
      (a.startsAt ? Date.parse(a.startsAt) : Number.POSITIVE_INFINITY) -
        (b.startsAt ? Date.parse(b.startsAt) : Number.POSITIVE_INFINITY) || a.title.localeCompare(b.title),
  );
  const days: SessionDay<T>[] = [];
  for (const s of sorted) {
    const day = s.startsAt ? dayIn(s.startsAt, timeZone) : null;
    const last = days.at(-1);
    if (last && last.day === day) last.sessions.push(s);
    else days.push({ day, sessions: [s] });
  }
  return days;
}
