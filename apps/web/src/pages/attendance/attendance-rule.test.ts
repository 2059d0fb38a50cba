import { describe, expect, it } from 'vitest';
import { effectiveRule, overrideChoice, overrideValue, ruleMessage } from './attendance-rule.ts';

describe('effectiveRule', () => {
  it('prefers the event’s own rule over the CPD minimums', () => {
    expect(
      effectiveRule({ attendanceRule: { kind: 'minimum_sessions', count: 2 }, minimumAttendanceMinutes: 30 }),
    ).toEqual({ kind: 'minimum_sessions', count: 2 });
  });

  it('falls back to minutes, then percent, then a check-in', () => {
    expect(effectiveRule({ minimumAttendanceMinutes: 90, minimumAttendancePercent: 50 })).toEqual({
      kind: 'minimum_minutes',
      minutes: 90,
    });
    expect(effectiveRule({ minimumAttendanceMinutes: 0, minimumAttendancePercent: 50 })).toEqual({
      kind: 'minimum_percent',
      percent: 50,
    });
    expect(effectiveRule({})).toEqual({ kind: 'check_in' });
  });
});

describe('ruleMessage', () => {
  it('names the number each rule needs', () => {
    expect(ruleMessage({ kind: 'minimum_minutes', minutes: 45 })).toEqual({
      key: 'minimum_minutes',
      values: { count: 45 },
    });
    expect(ruleMessage({ kind: 'session_percent', percent: 75 })).toEqual({
      key: 'session_percent',
      values: { percent: 75 },
    });
    expect(ruleMessage({ kind: 'all_mandatory_sessions' })).toEqual({ key: 'all_mandatory_sessions', values: {} });
  });
});

describe('override choices', () => {
  it('round-trip between the dialog and the API', () => {
    for (const value of [true, false, null]) expect(overrideValue(overrideChoice(value))).toBe(value);
    expect(overrideChoice(undefined)).toBe('rule');
  });
});
