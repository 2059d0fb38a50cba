import { describe, expect, it } from 'vitest';
import {
  EMPTY_EVENT_FILTER,
  EMPTY_PROGRAMME_FILTER,
  eventApiFilter,
  readEventFilter,
  readProgrammeFilter,
  sessionApiFilter,
  writeEventFilter,
  writeProgrammeFilter,
} from './public-filters.ts';

const TAG = '0b6f4a52-4a4c-4d8a-9d55-0a1f7f3c2b11';

describe('event list filter in the URL', () => {
  it('round-trips through the query string', () => {
    const filter = {
      q: 'harbour',
      kind: 'festival',
      format: 'in_person',
      from: '2027-07-01',
      to: '2027-07-31',
      tag: 'Jazz',
      fits: 'me',
    };
    const query = writeEventFilter(filter).toString();
    expect(query).toBe('q=harbour&kind=festival&format=in_person&from=2027-07-01&to=2027-07-31&tag=Jazz&fits=me');
    expect(readEventFilter(new URLSearchParams(query))).toEqual(filter);
  });

  it('writes nothing for an empty filter', () => {
    expect(writeEventFilter(EMPTY_EVENT_FILTER).toString()).toBe('');
    expect(writeEventFilter({ ...EMPTY_EVENT_FILTER, q: '   ' }).toString()).toBe('');
  });

  it('drops what a hand-edited URL got wrong', () => {
    const read = readEventFilter(
      new URLSearchParams('kind=rave&format=zoom&from=2027-02-30&to=tomorrow&q=%20x%20&fits=you'),
    );
    expect(read).toEqual({ ...EMPTY_EVENT_FILTER, q: 'x' });
  });

  it('asks the API for whole days in the visitor’s zone', () => {
    const filter = { ...EMPTY_EVENT_FILTER, from: '2027-07-01', to: '2027-07-03', kind: 'festival' };
    expect(eventApiFilter(filter, 'Europe/Berlin')).toEqual({
      kind: 'festival',
      from: '2027-07-01T00:00:00+02:00',
      to: '2027-07-04T00:00:00+02:00',
    });
    expect(eventApiFilter(EMPTY_EVENT_FILTER, 'UTC')).toEqual({});
  });

  it('asks for events that fit only when someone is signed in', () => {
    const filter = { ...EMPTY_EVENT_FILTER, fits: 'me' };
    expect(eventApiFilter(filter, 'UTC', true)).toEqual({ fits: 'me' });
    expect(eventApiFilter(filter, 'UTC', false)).toEqual({});
  });
});

describe('programme filter in the URL', () => {
  it('round-trips and keeps the day out of the API query', () => {
    const filter = { ...EMPTY_PROGRAMME_FILTER, tag: TAG, day: '2027-07-02', q: 'quartet' };
    const params = writeProgrammeFilter(filter);
    expect(params.toString()).toBe(`q=quartet&tag=${TAG}&day=2027-07-02`);
    expect(readProgrammeFilter(params)).toEqual(filter);
    expect(sessionApiFilter(filter)).toEqual({ q: 'quartet', tag: TAG });
  });

  it('ignores ids that are not UUIDs', () => {
    expect(readProgrammeFilter(new URLSearchParams('tag=jazz&location=1&person=%27or%201'))).toEqual(
      EMPTY_PROGRAMME_FILTER,
    );
  });
});
