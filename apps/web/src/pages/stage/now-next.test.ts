import { describe, expect, it } from 'vitest';
import { nowAndNext } from './now-next.ts';

const at = (iso: string) => Date.parse(iso);
const session = (id: string, startsAt: string | null, endsAt: string | null) => ({ id, startsAt, endsAt });

describe('nowAndNext', () => {
  const programme = [
    session('keynote', '2027-06-01T09:00:00Z', '2027-06-01T10:00:00Z'),
    session('talk-a', '2027-06-01T10:30:00Z', '2027-06-01T11:00:00Z'),
    session('talk-b', '2027-06-01T10:30:00Z', '2027-06-01T11:30:00Z'),
    session('lunch', '2027-06-01T12:00:00Z', '2027-06-01T13:00:00Z'),
    session('unscheduled', null, null),
  ];

  it('names what runs now and what starts next', () => {
    const { now, next } = nowAndNext(programme, at('2027-06-01T09:15:00Z'));
    expect(now.map((s) => s.id)).toEqual(['keynote']);
    expect(next.map((s) => s.id)).toEqual(['talk-a', 'talk-b']);
  });

  it('lists parallel sessions together, and nothing now in a break', () => {
    expect(nowAndNext(programme, at('2027-06-01T10:45:00Z')).now.map((s) => s.id)).toEqual(['talk-a', 'talk-b']);
    const pause = nowAndNext(programme, at('2027-06-01T11:45:00Z'));
    expect(pause.now).toEqual([]);
    expect(pause.next.map((s) => s.id)).toEqual(['lunch']);
  });

  it('treats the end as exclusive and has nothing next after the last session', () => {
    expect(nowAndNext(programme, at('2027-06-01T10:00:00Z')).now).toEqual([]);
    expect(nowAndNext(programme, at('2027-06-01T13:00:00Z'))).toEqual({ now: [], next: [] });
  });
});
