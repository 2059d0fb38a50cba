import type { AttendanceRule, Event } from '@foyer/contracts';

/**
 * The rule the server applies (see `ruleOf` in the registration module and
 * docs/registration.md#attendance): the event's own rule, else one made from
 * the older CPD minimums, else a check-in.
 */
export function effectiveRule(cpd: Event['cpd']): AttendanceRule {
  if (cpd?.attendanceRule) return cpd.attendanceRule;
  const minutes = cpd?.minimumAttendanceMinutes;
  if (typeof minutes === 'number' && minutes > 0) return { kind: 'minimum_minutes', minutes };
  const percent = cpd?.minimumAttendancePercent;
  if (typeof percent === 'number' && percent > 0) return { kind: 'minimum_percent', percent };
  return { kind: 'check_in' };
}

/** The i18n key under `attendance.rule` and its values, so the rule reads as a sentence. */
export function ruleMessage(rule: AttendanceRule): { key: AttendanceRule['kind']; values: Record<string, number> } {
  switch (rule.kind) {
    case 'minimum_minutes':
      return { key: rule.kind, values: { count: rule.minutes } };
    case 'minimum_percent':
    case 'session_percent':
      return { key: rule.kind, values: { percent: rule.percent } };
    case 'minimum_sessions':
      return { key: rule.kind, values: { count: rule.count } };
    default:
      return { key: rule.kind, values: {} };
  }
}

/** One value of the override dialog: leave it to the rule, or force it. */
export type OverrideChoice = 'rule' | 'yes' | 'no';

export const overrideChoice = (value: boolean | null | undefined): OverrideChoice =>
  value === true ? 'yes' : value === false ? 'no' : 'rule';

export const overrideValue = (choice: OverrideChoice): boolean | null =>
  choice === 'yes' ? true : choice === 'no' ? false : null;
