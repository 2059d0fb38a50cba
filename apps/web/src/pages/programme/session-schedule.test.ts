import { describe, expect, it } from 'vitest';
import { conflictsOf, groupByDay, locationConflicts } from './session-schedule.ts';

const s = (id: string, startsAt: string | null, endsAt: string | null, locationId: string | null = 'hall') => ({
  id,
  title: id,
  startsAt,
  endsAt,
  locationId,
});

describe('locationConflicts', () => {
  it('finds overlaps at the same location only, not touching or unscheduled sessions', () => {
    const sessions = [
      s('a', '2027-07-01T10:00:00Z', '2027-07-01T11:00:00Z'),
      s('b', '2027-07-01T10:30:00Z', '2027-07-01T12:00:00Z'),
      s('c', '2027-07-01T12:00:00Z', '2027-07-01T13:00:00Z'),
      s('d', '2027-07-01T10:00:00Z', '2027-07-01T13:00:00Z', 'garden'),
      s('e', null, null),
      s('f', '2027-07-01T09:00:00Z', '2027-07-01T14:00:00Z', null),
    ];
    const conflicts = locationConflicts(sessions);
    expect(Object.fromEntries(conflicts)).toEqual({ a: ['b'], b: ['a'] });
  });

  it('sees a long session clash with several later ones', () => {
    const conflicts = locationConflicts([
      s('long', '2027-07-01T08:00:00Z', '2027-07-01T18:00:00Z'),
      s('x', '2027-07-01T09:00:00Z', '2027-07-01T10:00:00Z'),
      s('y', '2027-07-01T11:00:00Z', '2027-07-01T12:00:00Z'),
    ]);
    expect(conflicts.get('long')).toEqual(['x', 'y']);
    expect(conflicts.get('x')).toEqual(['long']);
  });

  it('checks a draft against the others, ignoring its own saved version', () => {
    const saved = [
      s('a', '2027-07-01T10:00:00Z', '2027-07-01T11:00:00Z'),
      s('b', '2027-07-01T11:00:00Z', '2027-07-01T12:00:00Z'),
    ];
    expect(conflictsOf(s('', '2027-07-01T10:45:00Z', '2027-07-01T11:15:00Z'), saved)).toEqual(['a', 'b']);
    expect(conflictsOf(s('a', '2027-07-01T10:15:00Z', '2027-07-01T11:00:00Z'), saved)).toEqual([]);
  });
});

describe('groupByDay', () => {
  it('groups by the day in the event zone, sorted by start, unscheduled last', () => {
    const days = groupByDay(
      [
        // 23:30 UTC on 1 July is already 2 July in Berlin.
        s('late', '2027-07-01T23:30:00Z', '2027-07-02T00:30:00Z'),
        s('tbd', null, null),
        s('early', '2027-07-01T08:00:00Z', '2027-07-01T09:00:00Z'),
      ],
      'Europe/Berlin',
    );
    expect(days.map((d) => [d.day, d.sessions.map((x) => x.id)])).toEqual([
      ['2027-07-01', ['early']],
      ['2027-07-02', ['late']],
      [null, ['tbd']],
    ]);
  });
});
