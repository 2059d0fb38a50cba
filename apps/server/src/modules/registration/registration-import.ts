import type { FieldError } from '@foyer/contracts';
import { and, eq, inArray } from 'drizzle-orm';
import { z } from 'zod';
import type { Db } from '../../platform/db/database.ts';
import { AppError } from '../../platform/http/problem.ts';
import type { AuditActor, AuditService } from '../audit/index.ts';
import { CsvSyntaxError, parseCsv } from './csv.ts';
import { eventRow, rulesOf } from './event-access.ts';
import type { RegistrationCipher } from './registration-store.ts';
import { registrations } from './schema.ts';
import { SeatBook } from './seats.ts';
import { newTicketCode } from './ticket-code.ts';

const MAX_ROWS = 10_000;
const Email = z.email().max(320);

export interface ImportResult {
  added: number;
  confirmed: number;
  waitlisted: number;
  skipped: { line: number; reason: string }[];
}

/**
 * Bulk add from a CSV of `email,name`. All or nothing: any malformed row
 * (or a full event without waiting list) refuses the whole file with an
 * error per row; addresses already registered are skipped and reported.
 * Imported people skip the form (questions, requirements, window) but
 * not capacity: seats first, then the waiting list.
 */
export class RegistrationImport {
  constructor(
    private readonly db: Db,
    private readonly audit: AuditService,
    private readonly store: RegistrationCipher,
  ) {}

  async run(eventId: string, csv: string, by: AuditActor): Promise<ImportResult> {
    const rows = this.parse(csv);
    return this.db.transaction(async (tx) => {
      const book = await SeatBook.lock(tx, eventId);
      const event = await eventRow(tx, eventId);
      const rules = rulesOf(event);
      const hashes = rows.map((r) => r.hash);
      const taken = new Set<string>();
      for (let i = 0; i < hashes.length; i += 1000) {
        const existing = await tx
          .select({ hash: registrations.emailHash })
          .from(registrations)
          .where(
            and(
              eq(registrations.eventId, eventId),
              inArray(registrations.emailHash, hashes.slice(i, i + 1000)),
              inArray(registrations.status, ['pending', 'confirmed', 'waitlisted']),
            ),
          );
        for (const e of existing) taken.add(e.hash);
      }
      const result: ImportResult = { added: 0, confirmed: 0, waitlisted: 0, skipped: [] };
      const now = new Date();
      for (const row of rows) {
        if (taken.has(row.hash)) {
          result.skipped.push({ line: row.line, reason: 'already_registered' });
          continue;
        }
        const free = book.hasFreeSeat(rules.capacity);
        if (!free && !rules.waitlistEnabled) {
          throw new AppError('EVENT_FULL', 409, `The event is full at line ${row.line}; nothing was added.`, [
            { field: `body.csv.line.${row.line}`, message: 'no seat left and no waiting list', code: 'event_full' },
          ]);
        }
        const status = free ? 'confirmed' : 'waitlisted';
        const [inserted] = await tx
          .insert(registrations)
          .values({
            eventId,
            organizationId: event.organizationId,
            userId: null,
            status,
            waitlistPosition: free ? null : book.nextPosition(),
            ticketCode: free ? newTicketCode() : null,
            ...this.store.sealed({ email: row.email, name: row.name, answers: {} }),
            acknowledgedRequirements: [],
            source: 'import',
            createdAt: now,
            updatedAt: now,
            confirmedAt: free ? now : null,
          })
          .returning();
        await book.change(free ? { confirmed: 1 } : { waitlisted: 1 });
        result.added++;
        result[status]++;
        await this.audit.recordChange(tx, {
          actor: by,
          organizationId: event.organizationId,
          action: 'registration.created',
          subject: { type: 'registration', id: inserted!.id },
          metadata: { eventId, status, position: inserted!.waitlistPosition, source: 'import' },
          event: {
            type: `registration.${status}`,
            payload: {
              registrationId: inserted!.id,
              eventId,
              userId: null,
              status,
              position: inserted!.waitlistPosition,
              via: 'import',
            },
          },
        });
      }
      return result;
    });
  }

  private parse(csv: string) {
    let records: { line: number; cells: string[] }[];
    try {
      records = parseCsv(csv);
    } catch (err) {
      if (!(err instanceof CsvSyntaxError)) throw err;
      throw malformed([{ field: `body.csv.line.${err.line}`, message: err.message, code: 'csv_syntax' }]);
    }
    const first = records[0]?.cells.map((c) => c.trim().toLowerCase());
    if (first?.length === 2 && first[0] === 'email' && first[1] === 'name') records.shift();
    if (records.length === 0) {
      throw malformed([{ field: 'body.csv', message: 'has no rows', code: 'empty' }]);
    }
    if (records.length > MAX_ROWS) {
      throw malformed([{ field: 'body.csv', message: `has more than ${MAX_ROWS} rows`, code: 'too_many_rows' }]);
    }
    const errors: FieldError[] = [];
    const seen = new Map<string, number>();
    const rows: { line: number; email: string; name: string; hash: string }[] = [];
    for (const { line, cells } of records) {
      const field = `body.csv.line.${line}`;
      if (cells.length !== 2) {
        errors.push({ field, message: `has ${cells.length} columns, expected 2 (email,name)`, code: 'columns' });
        continue;
      }
      const email = cells[0]!.trim();
      const name = cells[1]!.trim();
      if (!Email.safeParse(email).success)
        errors.push({ field, message: 'is not a valid email address', code: 'email' });
      if (!name || name.length > 200) errors.push({ field, message: 'needs a name of 1–200 characters', code: 'name' });
      if (!Email.safeParse(email).success || !name || name.length > 200) continue;
      const hash = this.store.emailIndex(email);
      const earlier = seen.get(hash);
      if (earlier !== undefined) {
        errors.push({ field, message: `repeats the address of line ${earlier}`, code: 'duplicate' });
        continue;
      }
      seen.set(hash, line);
      rows.push({ line, email, name, hash });
    }
    if (errors.length > 0) throw malformed(errors);
    return rows;
  }
}

function malformed(errors: FieldError[]): AppError {
  return new AppError('VALIDATION_FAILED', 422, 'The CSV has errors; nothing was added.', errors);
}
