/**
 * RFC 5545 iCalendar text for an event's programme: one VEVENT per
 * scheduled session, times as local wall-clock times with TZID of the
 * event's timezone, and a VTIMEZONE describing that zone (every offset
 * change in the years the calendar covers, from the runtime's tz data).
 */

export interface CalendarEvent {
  id: string;
  name: string;
  timezone: string;
  status: string;
  /** Absolute URL of the event's public page. */
  url: string;
}

export interface CalendarSession {
  id: string;
  title: string;
  description: string;
  startsAt: string;
  endsAt: string;
  updatedAt: string;
  /** Human-readable place: location name and address. */
  location: string | null;
}

const CRLF = '\r\n';

/** The whole VCALENDAR document. */
export function renderCalendar(event: CalendarEvent, sessions: CalendarSession[]): string {
  const instants = sessions.flatMap((s) => [new Date(s.startsAt), new Date(s.endsAt)]);
  const lines = [
    'BEGIN:VCALENDAR',
    'VERSION:2.0',
    'PRODID:-//Foyer//Foyer catalogue//EN',
    'CALSCALE:GREGORIAN',
    'METHOD:PUBLISH',
    `X-WR-CALNAME:${escapeText(event.name)}`,
    `X-WR-TIMEZONE:${event.timezone}`,
    ...vtimezone(event.timezone, instants),
  ];
  for (const s of sessions) {
    lines.push(
      'BEGIN:VEVENT',
      `UID:${s.id}@foyer`,
      // The session's last change, not "now": the same programme gives the same bytes (and ETag).
      `DTSTAMP:${utcStamp(new Date(s.updatedAt))}`,
      `LAST-MODIFIED:${utcStamp(new Date(s.updatedAt))}`,
      dateTime('DTSTART', new Date(s.startsAt), event.timezone),
      dateTime('DTEND', new Date(s.endsAt), event.timezone),
      `SUMMARY:${escapeText(s.title)}`,
      ...(s.description ? [`DESCRIPTION:${escapeText(s.description)}`] : []),
      ...(s.location ? [`LOCATION:${escapeText(s.location)}`] : []),
      `URL:${event.url}`,
      ...(event.status === 'cancelled' ? ['STATUS:CANCELLED'] : ['STATUS:CONFIRMED']),
      'END:VEVENT',
    );
  }
  lines.push('END:VCALENDAR');
  return lines.map(fold).join(CRLF) + CRLF;
}

/** TEXT value escaping (RFC 5545 §3.3.11). */
export function escapeText(value: string): string {
  return value
    .replace(/\\/g, '\\\\')
    .replace(/;/g, '\\;')
    .replace(/,/g, '\\,')
    .replace(/\r\n|\r|\n/g, '\\n');
}

/** Folds a content line at 75 octets (RFC 5545 §3.1), never inside a UTF-8 character. */
export function fold(line: string): string {
  const bytes = Buffer.byteLength(line);
  if (bytes <= 75) return line;
  const parts: string[] = [];
  let current = '';
  let size = 0;
  let limit = 75;
  for (const ch of line) {
    const n = Buffer.byteLength(ch);
    if (size + n > limit) {
      parts.push(current);
      current = '';
      size = 0;
      limit = 74; // continuation lines start with a space
    }
    current += ch;
    size += n;
  }
  parts.push(current);
  return parts.join(`${CRLF} `);
}

function utcStamp(d: Date): string {
  return `${d.toISOString().slice(0, 19).replace(/[-:]/g, '')}Z`;
}

const formatters = new Map<string, Intl.DateTimeFormat>();
function partsIn(timezone: string, d: Date): Record<string, string> {
  let f = formatters.get(timezone);
  if (!f) {
    f = new Intl.DateTimeFormat('en-US', {
      timeZone: timezone,
      hourCycle: 'h23',
      year: 'numeric',
      month: '2-digit',
      day: '2-digit',
      hour: '2-digit',
      minute: '2-digit',
      second: '2-digit',
    });
    formatters.set(timezone, f);
  }
  return Object.fromEntries(f.formatToParts(d).map((p) => [p.type, p.value]));
}

/**
 * A date-time property: the wall-clock time with TZID, as calendar apps
 * show it — unless that wall-clock time happens twice (the hour repeated
 * when clocks go back). RFC 5545 reads such a local time as its first
 * occurrence, so the second would land an hour off; both are written in
 * UTC, which no reader can take wrongly.
 */
function dateTime(name: string, d: Date, timezone: string): string {
  return isRepeatedWallTime(d, timezone)
    ? `${name}:${utcStamp(d)}`
    : `${name};TZID=${timezone}:${localStamp(d, timezone)}`;
}

/** Whether the wall-clock time at `d` in `timezone` also names another instant (a fall-back overlap). */
function isRepeatedWallTime(d: Date, timezone: string): boolean {
  const offset = offsetAt(timezone, d);
  for (const probe of [-3, 3]) {
    const other = offsetAt(timezone, new Date(d.getTime() + probe * 3_600_000));
    if (other === offset) continue;
    // The instant showing the same wall-clock time under the other offset, if it truly has that offset.
    const twin = new Date(d.getTime() + (offset - other) * 60_000);
    if (offsetAt(timezone, twin) === other) return true;
  }
  return false;
}

/** `YYYYMMDDTHHMMSS`, the wall-clock time at `d` in `timezone`. */
function localStamp(d: Date, timezone: string): string {
  const p = partsIn(timezone, d);
  return `${p.year}${p.month}${p.day}T${p.hour}${p.minute}${p.second}`;
}

/** Minutes east of UTC in `timezone` at `d`. */
function offsetAt(timezone: string, d: Date): number {
  const p = partsIn(timezone, d);
  const asUtc = Date.UTC(+p.year!, +p.month! - 1, +p.day!, +p.hour!, +p.minute!, +p.second!);
  return Math.round((asUtc - Math.floor(d.getTime() / 1000) * 1000) / 60_000);
}

function offsetText(minutes: number): string {
  const sign = minutes < 0 ? '-' : '+';
  const abs = Math.abs(minutes);
  return `${sign}${String(Math.floor(abs / 60)).padStart(2, '0')}${String(abs % 60).padStart(2, '0')}`;
}

const DAY = 86_400_000;

/** Instants where the zone's offset changes between `from` and `to`, to the minute. */
function transitions(timezone: string, from: Date, to: Date): Date[] {
  const found: Date[] = [];
  for (let t = from.getTime(); t < to.getTime(); t += DAY) {
    const next = Math.min(t + DAY, to.getTime());
    if (offsetAt(timezone, new Date(t)) === offsetAt(timezone, new Date(next))) continue;
    let lo = t;
    let hi = next;
    while (hi - lo > 60_000) {
      const mid = lo + Math.floor((hi - lo) / 120_000) * 60_000;
      if (offsetAt(timezone, new Date(mid)) === offsetAt(timezone, new Date(lo))) lo = mid;
      else hi = mid;
    }
    found.push(new Date(hi));
  }
  return found;
}

/**
 * The VTIMEZONE for the whole years the calendar's instants fall in: the
 * offset in force on 1 January, then one STANDARD or DAYLIGHT component per
 * change (no RRULEs: exact for past rule changes too).
 */
const zones = new Map<string, string[]>();
function vtimezone(timezone: string, instants: Date[]): string[] {
  const years = instants.length > 0 ? instants.map((d) => d.getUTCFullYear()) : [new Date().getUTCFullYear()];
  const key = `${timezone}|${Math.min(...years)}|${Math.max(...years)}`;
  let lines = zones.get(key);
  if (!lines) {
    // Scanning a year of offsets takes milliseconds; the answer never changes (until tz data does, on restart).
    lines = buildVtimezone(timezone, Math.min(...years), Math.max(...years));
    if (zones.size > 500) zones.clear();
    zones.set(key, lines);
  }
  return lines;
}

function buildVtimezone(timezone: string, fromYear: number, toYear: number): string[] {
  const start = new Date(Date.UTC(fromYear, 0, 1));
  const end = new Date(Date.UTC(toYear + 1, 0, 1));
  const changes = transitions(timezone, start, end);
  const offsets = [start, ...changes].map((d) => offsetAt(timezone, d));
  const standard = Math.min(...offsets);
  const lines = ['BEGIN:VTIMEZONE', `TZID:${timezone}`];
  const component = (at: Date, fromOffset: number, toOffset: number) => {
    const kind = toOffset > standard ? 'DAYLIGHT' : 'STANDARD';
    // DTSTART is the wall-clock time just before the change, in the old offset.
    const local = new Date(at.getTime() + fromOffset * 60_000).toISOString().slice(0, 19).replace(/[-:]/g, '');
    lines.push(
      `BEGIN:${kind}`,
      `DTSTART:${local}`,
      `TZOFFSETFROM:${offsetText(fromOffset)}`,
      `TZOFFSETTO:${offsetText(toOffset)}`,
      `END:${kind}`,
    );
  };
  component(start, offsets[0]!, offsets[0]!);
  changes.forEach((at, i) => {
    component(at, offsets[i]!, offsets[i + 1]!);
  });
  lines.push('END:VTIMEZONE');
  return lines;
}
