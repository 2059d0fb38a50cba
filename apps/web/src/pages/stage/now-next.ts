/** A programme entry with a time (unscheduled sessions have none). */
export interface Timed {
  startsAt: string | null;
  endsAt: string | null;
}

/**
 * What is on now and what comes next, at `now`: sessions running now
 * (several when tracks run in parallel), and the earliest ones starting
 * later (all that start at that same time).
 */
export function nowAndNext<T extends Timed>(sessions: readonly T[], now: number): { now: T[]; next: T[] } {
  const timed = sessions
    .filter((s): s is T & { startsAt: string } => s.startsAt !== null)
    .map((s) => ({ s, start: Date.parse(s.startsAt), end: s.endsAt ? Date.parse(s.endsAt) : Date.parse(s.startsAt) }))
    .sort((a, b) => a.start - b.start);
  const running = timed.filter((t) => t.start <= now && now < t.end).map((t) => t.s);
  const upcoming = timed.filter((t) => t.start > now);
  const first = upcoming[0]?.start;
  return { now: running, next: upcoming.filter((t) => t.start === first).map((t) => t.s) };
}
