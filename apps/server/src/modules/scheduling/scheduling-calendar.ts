import type { Booking } from '@foyer/contracts';

/**
 * RFC 5545 feed of bookings (one VEVENT each, times in UTC so no VTIMEZONE
 * is needed). Tentative bookings are STATUS:TENTATIVE; the feed's bytes
 * depend only on the bookings, so ETags are stable.
 */
export function renderBookingsCalendar(name: string, bookings: Booking[], resourceNames: Map<string, string>): string {
  const lines = [
    'BEGIN:VCALENDAR',
    'VERSION:2.0',
    'PRODID:-//Foyer//Foyer scheduling//EN',
    'CALSCALE:GREGORIAN',
    'METHOD:PUBLISH',
    `X-WR-CALNAME:${escapeText(name)}`,
  ];
  for (const b of bookings) {
    const resource = resourceNames.get(b.resourceId);
    lines.push(
      'BEGIN:VEVENT',
      `UID:${b.id}@foyer`,
      `DTSTAMP:${utc(b.updatedAt)}`,
      `LAST-MODIFIED:${utc(b.updatedAt)}`,
      `SEQUENCE:${b.version - 1}`,
      `DTSTART:${utc(b.startsAt)}`,
      `DTEND:${utc(b.endsAt)}`,
      `SUMMARY:${escapeText(b.label || 'Booked')}`,
      ...(b.notes ? [`DESCRIPTION:${escapeText(b.notes)}`] : []),
      ...(resource !== undefined ? [`LOCATION:${escapeText(resource)}`] : []),
      `STATUS:${b.tentative ? 'TENTATIVE' : 'CONFIRMED'}`,
      'END:VEVENT',
    );
  }
  lines.push('END:VCALENDAR');
  return `${lines.map(fold).join('\r\n')}\r\n`;
}

function utc(iso: string): string {
  return new Date(iso)
    .toISOString()
    .replace(/[-:]/g, '')
    .replace(/\.\d{3}/, '');
}

function escapeText(value: string): string {
  return value.replace(/\\/g, '\\\\').replace(/;/g, '\\;').replace(/,/g, '\\,').replace(/\r?\n/g, '\\n');
}

/** Lines longer than 75 octets continue on the next line after a space (RFC 5545 §3.1), never inside a character. */
function fold(line: string): string {
  const bytes = Buffer.from(line, 'utf8');
  if (bytes.length <= 75) return line;
  const parts: string[] = [];
  let current = '';
  let size = 0;
  for (const ch of line) {
    const n = Buffer.byteLength(ch, 'utf8');
    if (size + n > (parts.length === 0 ? 75 : 74)) {
      parts.push(current);
      current = '';
      size = 0;
    }
    current += ch;
    size += n;
  }
  parts.push(current);
  return parts.join('\r\n ');
}
