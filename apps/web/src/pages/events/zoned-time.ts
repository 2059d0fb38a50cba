/**
 * Wall-clock times in an IANA timezone ("2027-03-28T10:00" in Europe/Berlin)
 * and the instants they mean, without a date library: the zone's offset at
 * any instant comes from `Intl.DateTimeFormat`.
 *
 * Daylight-saving changes follow Temporal's `compatible` disambiguation:
 * - a time skipped by the spring change (02:30 on 2027-03-28 in Berlin) is
 *   moved forward by the gap (03:30 CEST);
 * - a time that happens twice in autumn (02:30 on 2027-10-31 in Berlin) is
 *   the earlier one (02:30 CEST = 00:30 UTC), before the clocks go back.
 */

const WALL = /^(\d{4})-(\d{2})-(\d{2})T(\d{2}):(\d{2})(?::(\d{2}))?$/;
const formatters = new Map<string, Intl.DateTimeFormat>();

function formatter(timeZone: string): Intl.DateTimeFormat {
  let f = formatters.get(timeZone);
  if (!f) {
    f = new Intl.DateTimeFormat('en-US', {
      timeZone,
      hourCycle: 'h23',
      year: 'numeric',
      month: '2-digit',
      day: '2-digit',
      hour: '2-digit',
      minute: '2-digit',
      second: '2-digit',
    });
    formatters.set(timeZone, f);
  }
  return f;
}

/** The wall-clock fields of an instant in a zone, as if they were UTC (milliseconds). */
function wallMillis(instant: number, timeZone: string): number {
  const parts: Record<string, number> = {};
  for (const part of formatter(timeZone).formatToParts(new Date(instant))) {
    if (part.type !== 'literal') parts[part.type] = Number(part.value);
  }
  return Date.UTC(
    parts.year ?? 1970,
    (parts.month ?? 1) - 1,
    parts.day ?? 1,
    parts.hour ?? 0,
    parts.minute ?? 0,
    parts.second ?? 0,
  );
}

/** The zone's offset from UTC at an instant, in minutes (Europe/Berlin in summer: 120). */
export function offsetMinutes(instant: Date | number, timeZone: string): number {
  const ms = typeof instant === 'number' ? instant : instant.getTime();
  const whole = Math.floor(ms / 1000) * 1000;
  return Math.round((wallMillis(whole, timeZone) - whole) / 60_000);
}

/** Parses `YYYY-MM-DDTHH:mm[:ss]` (what `<input type="datetime-local">` gives) as if it were UTC. */
function parseWall(local: string): number | null {
  const m = WALL.exec(local);
  if (!m) return null;
  const [, y, mo, d, h, mi, s] = m.map(Number) as [number, number, number, number, number, number, number];
  const ms = Date.UTC(y, mo - 1, d, h, mi, Number.isNaN(s) ? 0 : s);
  // Reject overflow such as 2027-02-30.
  const back = new Date(ms);
  if (back.getUTCMonth() !== mo - 1 || back.getUTCDate() !== d || h > 23 || mi > 59) return null;
  return ms;
}

/**
 * The instant a wall-clock time in `timeZone` means; null when `local` is
 * not a valid `YYYY-MM-DDTHH:mm`. See the module comment for DST changes.
 */
export function zonedToUtc(local: string, timeZone: string): Date | null {
  const wall = parseWall(local);
  if (wall === null) return null;
  const DAY = 86_400_000;
  // The offsets in force a day before and after cover any single transition.
  const before = offsetMinutes(wall - DAY, timeZone);
  const after = offsetMinutes(wall + DAY, timeZone);
  const valid = [...new Set([before, after])]
    .map((offset) => wall - offset * 60_000)
    .filter((instant) => wallMillis(instant, timeZone) === wall)
    .sort((a, b) => a - b);
  // Ambiguous: the earlier instant. Skipped: shift forward with the offset from before the change.
  const instant = valid[0] ?? wall - before * 60_000;
  return new Date(instant);
}

const pad = (n: number, width = 2) => String(Math.abs(n)).padStart(width, '0');

/** `+02:00`, `-03:30`, `+00:00`. */
export function formatOffset(minutes: number): string {
  return `${minutes < 0 ? '-' : '+'}${pad(Math.trunc(Math.abs(minutes) / 60))}:${pad(Math.abs(minutes) % 60)}`;
}

/** The wall-clock time of an instant in a zone, as `YYYY-MM-DDTHH:mm` for a datetime-local input. */
export function utcToZoned(instant: Date | string, timeZone: string): string {
  const ms = typeof instant === 'string' ? new Date(instant).getTime() : instant.getTime();
  if (Number.isNaN(ms)) return '';
  return new Date(wallMillis(ms, timeZone)).toISOString().slice(0, 16);
}

/**
 * A wall-clock time in a zone as an ISO 8601 date-time with that zone's
 * offset (`2027-07-01T10:00:00+02:00`); null when `local` is invalid.
 */
export function zonedToIso(local: string, timeZone: string): string | null {
  const instant = zonedToUtc(local, timeZone);
  if (!instant) return null;
  const offset = offsetMinutes(instant, timeZone);
  const wall = new Date(instant.getTime() + offset * 60_000).toISOString().slice(0, 19);
  return `${wall}${formatOffset(offset)}`;
}

/** Every IANA zone the browser knows, with UTC first when the list leaves it out. */
export function timeZones(): string[] {
  const supported = typeof Intl.supportedValuesOf === 'function' ? Intl.supportedValuesOf('timeZone') : [];
  return supported.includes('UTC') ? supported : ['UTC', ...supported];
}

/** The browser's own zone, as a default for new events. */
export function browserTimeZone(): string {
  return Intl.DateTimeFormat().resolvedOptions().timeZone || 'UTC';
}
