import type { AttendanceRule } from '@foyer/contracts';

export interface Interval {
  start: Date;
  end: Date;
}

export interface SessionFacts {
  id: string;
  start: Date | null;
  end: Date | null;
  mandatory: boolean;
  scheduled: boolean;
}

/** What the ledger says about one registration, as a rule needs it. */
export interface AttendanceFacts {
  entries: (Interval & { sessionId: string | null })[];
  event: Interval;
  sessions: SessionFacts[];
}

export interface AttendanceResult {
  totalMinutes: number;
  percent: number;
  sessionsAttended: number;
  mandatorySessionsMissed: number;
  attended: boolean;
  eligible: boolean;
}

/** The event's rule: its own `cpd.attendanceRule`, else one made from the older CPD minimums, else a check-in. */
export function ruleOf(cpd: Record<string, unknown>): AttendanceRule {
  const rule = cpd.attendanceRule as AttendanceRule | null | undefined;
  if (rule) return rule;
  const minutes = cpd.minimumAttendanceMinutes;
  if (typeof minutes === 'number' && minutes > 0) return { kind: 'minimum_minutes', minutes };
  const percent = cpd.minimumAttendancePercent;
  if (typeof percent === 'number' && percent > 0) return { kind: 'minimum_percent', percent };
  return { kind: 'check_in' };
}

/**
 * Minutes covered by `intervals` inside `window`, overlaps counted once
 * (a door check-in and a session check-in do not add up to more than
 * the time there was).
 */
export function coveredMinutes(intervals: Interval[], window: Interval): number {
  const clipped = intervals
    .map((i) => ({
      start: Math.max(i.start.getTime(), window.start.getTime()),
      end: Math.min(i.end.getTime(), window.end.getTime()),
    }))
    .filter((i) => i.end > i.start)
    .sort((a, b) => a.start - b.start);
  let total = 0;
  let current: { start: number; end: number } | null = null;
  for (const i of clipped) {
    if (current && i.start <= current.end) current.end = Math.max(current.end, i.end);
    else {
      if (current) total += current.end - current.start;
      current = { ...i };
    }
  }
  if (current) total += current.end - current.start;
  return Math.floor(total / 60_000);
}

/**
 * Attended: the ledger has anything for them. Eligible: attended, and the
 * rule holds. A session counts as attended when an entry names it.
 */
export function evaluate(rule: AttendanceRule, facts: AttendanceFacts): AttendanceResult {
  const totalMinutes = coveredMinutes(facts.entries, facts.event);
  const eventMinutes = Math.max(1, Math.floor((facts.event.end.getTime() - facts.event.start.getTime()) / 60_000));
  const percent = Math.min(100, Math.round((totalMinutes / eventMinutes) * 1000) / 10);
  const seen = new Set(facts.entries.map((e) => e.sessionId).filter((id): id is string => id !== null));
  const countable = facts.sessions.filter((s) => s.scheduled);
  const sessionsAttended = countable.filter((s) => seen.has(s.id)).length;
  const mandatorySessionsMissed = facts.sessions.filter((s) => s.mandatory && !seen.has(s.id)).length;
  const attended = facts.entries.length > 0;
  let holds: boolean;
  switch (rule.kind) {
    case 'check_in':
      holds = true;
      break;
    case 'minimum_minutes':
      holds = totalMinutes >= rule.minutes;
      break;
    case 'minimum_percent':
      holds = percent >= rule.percent;
      break;
    case 'all_mandatory_sessions':
      holds = mandatorySessionsMissed === 0;
      break;
    case 'session_percent':
      holds = countable.length > 0 && (sessionsAttended / countable.length) * 100 >= rule.percent;
      break;
    case 'minimum_sessions':
      holds = sessionsAttended >= rule.count;
      break;
  }
  return { totalMinutes, percent, sessionsAttended, mandatorySessionsMissed, attended, eligible: attended && holds };
}
