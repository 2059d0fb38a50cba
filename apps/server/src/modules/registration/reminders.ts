import { sql } from 'drizzle-orm';
import type { Db, Executor } from '../../platform/db/database.ts';
import { rowsOf } from '../../platform/events/lease.ts';
import { events } from '../catalog/index.ts';
import { registrations, remindersSent } from './schema.ts';

/** Minutes before the start: a day and an hour, unless the event sets `registration.reminderOffsetsMinutes`. */
export const DEFAULT_REMINDER_OFFSETS = [1440, 60];
export const REMINDERS_QUEUE = 'registration.reminders';

/** Sends the `registration.reminder` email (templates, overrides) once per dedupe key; false when not sent. */
export interface ReminderSender {
  sendReminder(tx: Executor, registrationId: string, startsIn: string, dedupeKey: string): Promise<boolean>;
}

interface Due {
  registrationId: string;
  offsetMinutes: number;
  startsAt: Date;
  timezone: string;
}

/**
 * Reminds confirmed registrations before their event starts, exactly once
 * per registration and reminder: the `reminders_sent` row (unique per
 * registration and offset) and the queued mail commit in one transaction.
 * Two runs at once both try the insert; the second waits on the first's
 * key and then inserts nothing. A run that dies mid-way rolls back its
 * batch, rows and mails together, and the next run sends them.
 */
export class Reminders {
  constructor(
    private readonly db: Db,
    private readonly sender: ReminderSender,
  ) {}

  /**
   * Queues every reminder due at `now`; returns how many it queued. A
   * reminder is due from `offset` minutes before the start until the start,
   * for people confirmed by then. When several are due (the job was down,
   * or someone registered late), only the nearest to the start goes out:
   * "starts in a day" an hour before would be wrong.
   */
  async sendDue(
    now: Date,
    options: { batchSize?: number; afterQueued?: (count: number) => void } = {},
  ): Promise<number> {
    const due = await this.due(now);
    const size = options.batchSize ?? 100;
    let queued = 0;
    for (let i = 0; i < due.length; i += size) {
      const batch = due.slice(i, i + size);
      queued += await this.db.transaction(async (tx) => {
        let n = 0;
        for (const item of batch) {
          if (await this.send(tx, item, now)) {
            n += 1;
            options.afterQueued?.(queued + n);
          }
        }
        return n;
      });
    }
    return queued;
  }

  private async due(now: Date): Promise<Due[]> {
    const result = await this.db.execute(sql`
      select distinct on (r.id) r.id as registration_id, o.offset_minutes, e.starts_at, e.timezone
        from ${registrations} r
        join ${events} e on e.id = r.event_id
        cross join lateral (
          select (value)::int as offset_minutes
            from jsonb_array_elements_text(
              coalesce(e.registration -> 'reminderOffsetsMinutes', ${JSON.stringify(DEFAULT_REMINDER_OFFSETS)}::jsonb)
            )
        ) o
       where r.status = 'confirmed'
         and e.status in ('published', 'live')
         and e.starts_at > ${now.toISOString()}::timestamptz
         and e.starts_at - make_interval(mins => o.offset_minutes) <= ${now.toISOString()}::timestamptz
         and r.confirmed_at <= e.starts_at - make_interval(mins => o.offset_minutes)
         and not exists (
           select 1 from ${remindersSent} s
            where s.registration_id = r.id and s.offset_minutes <= o.offset_minutes
         )
       order by r.id, o.offset_minutes asc`);
    return rowsOf<{ registration_id: string; offset_minutes: number; starts_at: string | Date; timezone: string }>(
      result,
    ).map((r) => ({
      registrationId: r.registration_id,
      offsetMinutes: Number(r.offset_minutes),
      startsAt: new Date(r.starts_at),
      timezone: r.timezone,
    }));
  }

  private async send(tx: Executor, item: Due, now: Date): Promise<boolean> {
    const [claimed] = await tx
      .insert(remindersSent)
      .values({ registrationId: item.registrationId, offsetMinutes: item.offsetMinutes })
      .onConflictDoNothing()
      .returning();
    if (!claimed) return false;
    return this.sender.sendReminder(
      tx,
      item.registrationId,
      startsInWords(item.startsAt, now, item.timezone),
      `registration.reminder:${item.registrationId}:${item.offsetMinutes}`,
    );
  }
}

/**
 * When the event starts, in words, from `now`: how long until it (as it
 * really is — the job may run late, or someone registered late) and the
 * date and time in the event's own time zone, e.g. "in 2 days, on
 * Saturday, 24 October 2026 at 10:00 (Europe/Berlin time)". Mail is worded
 * in English for now (templates are not yet per language).
 */
export function startsInWords(startsAt: Date, now: Date, timezone: string): string {
  const minutes = Math.max(1, Math.round((startsAt.getTime() - now.getTime()) / 60_000));
  const [count, unit] =
    minutes < 90
      ? [minutes, 'minute']
      : minutes < 48 * 60
        ? [Math.round(minutes / 60), 'hour']
        : [Math.round(minutes / 1440), 'day'];
  const day = new Intl.DateTimeFormat('en-GB', {
    timeZone: timezone,
    weekday: 'long',
    day: 'numeric',
    month: 'long',
    year: 'numeric',
  }).format(startsAt);
  const time = new Intl.DateTimeFormat('en-GB', {
    timeZone: timezone,
    hour: '2-digit',
    minute: '2-digit',
    hourCycle: 'h23',
  }).format(startsAt);
  return `in ${count} ${unit}${count === 1 ? '' : 's'}, on ${day} at ${time} (${timezone} time)`;
}
