import { describe, expect, it } from 'vitest';
import { formatOffset, offsetMinutes, utcToZoned, zonedToIso, zonedToUtc } from './zoned-time.ts';

const utc = (local: string, zone: string) => zonedToUtc(local, zone)?.toISOString();

describe('zonedToUtc', () => {
  it('converts ordinary wall-clock times in several zones', () => {
    expect(utc('2027-07-01T10:00', 'Europe/Berlin')).toBe('2027-07-01T08:00:00.000Z');
    expect(utc('2027-01-15T10:00', 'Europe/Berlin')).toBe('2027-01-15T09:00:00.000Z');
    expect(utc('2027-01-15T10:00', 'America/New_York')).toBe('2027-01-15T15:00:00.000Z');
    expect(utc('2027-01-15T10:00', 'Asia/Kolkata')).toBe('2027-01-15T04:30:00.000Z');
    expect(utc('2027-01-15T10:00', 'UTC')).toBe('2027-01-15T10:00:00.000Z');
    expect(utc('2027-01-15T10:00:30', 'UTC')).toBe('2027-01-15T10:00:30.000Z');
  });

  it('moves a time skipped by the spring change forward (Berlin 2027-03-28 02:30 does not exist)', () => {
    expect(utc('2027-03-28T01:59', 'Europe/Berlin')).toBe('2027-03-28T00:59:00.000Z');
    // 02:30 is skipped: read with the winter offset it is 01:30 UTC = 03:30 CEST.
    expect(utc('2027-03-28T02:30', 'Europe/Berlin')).toBe('2027-03-28T01:30:00.000Z');
    expect(zonedToIso('2027-03-28T02:30', 'Europe/Berlin')).toBe('2027-03-28T03:30:00+02:00');
    expect(utc('2027-03-28T03:00', 'Europe/Berlin')).toBe('2027-03-28T01:00:00.000Z');
  });

  it('picks the earlier instant for a time that happens twice (Berlin 2027-10-31 02:30)', () => {
    // 02:30 CEST (00:30 UTC) and 02:30 CET (01:30 UTC) both exist; the earlier wins.
    expect(utc('2027-10-31T02:30', 'Europe/Berlin')).toBe('2027-10-31T00:30:00.000Z');
    expect(zonedToIso('2027-10-31T02:30', 'Europe/Berlin')).toBe('2027-10-31T02:30:00+02:00');
    expect(utc('2027-10-31T03:00', 'Europe/Berlin')).toBe('2027-10-31T02:00:00.000Z');
    expect(utc('2027-10-31T01:59', 'Europe/Berlin')).toBe('2027-10-30T23:59:00.000Z');
  });

  it('handles the southern hemisphere and New York changes', () => {
    // Sydney leaves DST on 2027-04-04 at 03:00 → 02:00; 02:30 is ambiguous.
    expect(utc('2027-04-04T02:30', 'Australia/Sydney')).toBe('2027-04-03T15:30:00.000Z');
    // New York skips 02:00–03:00 on 2027-03-14.
    expect(utc('2027-03-14T02:30', 'America/New_York')).toBe('2027-03-14T07:30:00.000Z');
  });

  it('rejects malformed or impossible input', () => {
    expect(zonedToUtc('', 'Europe/Berlin')).toBeNull();
    expect(zonedToUtc('2027-02-30T10:00', 'Europe/Berlin')).toBeNull();
    expect(zonedToUtc('2027-01-01 10:00', 'Europe/Berlin')).toBeNull();
    expect(zonedToIso('nope', 'UTC')).toBeNull();
  });
});

describe('utcToZoned and offsets', () => {
  it('shows an instant as wall-clock time in the zone, and round-trips', () => {
    expect(utcToZoned('2027-07-01T08:00:00Z', 'Europe/Berlin')).toBe('2027-07-01T10:00');
    expect(utcToZoned('2027-07-01T10:00:00+02:00', 'America/New_York')).toBe('2027-07-01T04:00');
    for (const local of ['2027-01-15T10:00', '2027-07-01T23:45', '2027-10-31T03:15']) {
      const instant = zonedToUtc(local, 'Europe/Berlin');
      expect(instant && utcToZoned(instant, 'Europe/Berlin')).toBe(local);
    }
    expect(utcToZoned('garbage', 'UTC')).toBe('');
  });

  it('formats offsets', () => {
    expect(offsetMinutes(new Date('2027-07-01T00:00:00Z'), 'Europe/Berlin')).toBe(120);
    expect(offsetMinutes(new Date('2027-01-01T00:00:00Z'), 'America/St_Johns')).toBe(-210);
    expect(formatOffset(120)).toBe('+02:00');
    expect(formatOffset(-210)).toBe('-03:30');
    expect(formatOffset(0)).toBe('+00:00');
    expect(zonedToIso('2027-01-01T12:00', 'America/St_Johns')).toBe('2027-01-01T12:00:00-03:30');
  });
});
