import { describe, expect, it } from 'vitest';
import { dayIn, dayLabel, groupByDay, timeRange } from './programme-days.ts';

const session = (id: string, startsAt: string | null, endsAt: string | null = null, title = id) => ({
  id,
  title,
  startsAt,
  endsAt,
});

describe('groupByDay', () => {
  it('puts a late-night session on the evening it starts in the event timezone, not in UTC', () => {
    // 23:30 in Berlin (CEST) is 21:30 UTC; 00:30 Berlin is still the previous UTC day.
    const late = session('late', '2027-07-01T21:30:00Z');
    const afterMidnight = session('after-midnight', '2027-07-01T22:30:00Z');
    const days = groupByDay([afterMidnight, late], 'Europe/Berlin');
    expect(days).toEqual([
      { day: '2027-07-01', sessions: [late] },
      { day: '2027-07-02', sessions: [afterMidnight] },
    ]);
    // The same instants in New York are all on 1 July.
    expect(groupByDay([afterMidnight, late], 'America/New_York').map((d) => d.day)).toEqual(['2027-07-01']);
  });

  it('orders days and sessions by start, then end, then title, and leaves unscheduled ones out', () => {
    const a = session('a', '2027-07-02T10:00:00+02:00', '2027-07-02T11:00:00+02:00', 'Zebra');
    const b = session('b', '2027-07-02T10:00:00+02:00', '2027-07-02T10:30:00+02:00', 'Yak');
    const c = session('c', '2027-07-02T10:00:00+02:00', '2027-07-02T10:30:00+02:00', 'Albatross');
    const d = session('d', '2027-07-01T18:00:00+02:00');
    const unscheduled = session('u', null);
    const days = groupByDay([a, unscheduled, b, d, c], 'Europe/Berlin');
    expect(days.map((x) => x.day)).toEqual(['2027-07-01', '2027-07-02']);
    expect(days[1]?.sessions.map((s) => s.id)).toEqual(['c', 'b', 'a']);
    expect(days.flatMap((x) => x.sessions)).not.toContain(unscheduled);
  });

  it('gives no days for no sessions', () => {
    expect(groupByDay([], 'UTC')).toEqual([]);
  });

  it('handles the night the clocks go back', () => {
    // 2027-10-31 in Berlin: 02:30 happens twice; both are that day.
    const first = session('first', '2027-10-31T00:30:00Z');
    const second = session('second', '2027-10-31T01:30:00Z');
    expect(groupByDay([second, first], 'Europe/Berlin')).toEqual([{ day: '2027-10-31', sessions: [first, second] }]);
  });
});

describe('day and time labels', () => {
  it('names the calendar day itself, whatever the zone of the machine', () => {
    expect(dayLabel('2027-07-02', 'en-GB')).toBe('Friday, 2 July 2027');
    expect(dayLabel('2027-07-02', 'de')).toBe('Freitag, 2. Juli 2027');
    expect(dayLabel('2027-07-02', 'en-GB', 'short')).toBe('Fri 2 Jul');
  });

  it('shows times in the event timezone', () => {
    expect(dayIn('2027-07-01T22:30:00Z', 'Europe/Berlin')).toBe('2027-07-02');
    expect(timeRange('2027-07-01T16:00:00Z', '2027-07-01T17:30:00Z', 'Europe/Berlin', 'en-GB')).toBe('18:00–19:30');
    expect(timeRange('2027-07-01T16:00:00Z', null, 'Europe/Berlin', 'en-GB')).toBe('18:00');
  });

  it('dates the end when a session runs past midnight', () => {
    expect(timeRange('2027-07-01T21:00:00Z', '2027-07-01T23:00:00Z', 'Europe/Berlin', 'en-GB')).toBe(
      '23:00 – 2 Jul, 01:00',
    );
    expect(timeRange('2027-07-01T21:00:00Z', '2027-07-01T23:00:00Z', 'Europe/Berlin', 'en-US')).toBe(
      '11:00 PM – Jul 2, 1:00 AM',
    );
  });
});
