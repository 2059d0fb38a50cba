import { randomUUID } from 'node:crypto';
import type { Answers, FieldError, RegisterBody, Registration } from '@foyer/contracts';
import { and, eq, inArray, isNull } from 'drizzle-orm';
import type { Actor } from '../../platform/auth/actor.ts';
import type { Db, Executor, Tx } from '../../platform/db/database.ts';
import { isForeignKeyViolation, isUniqueViolation } from '../../platform/db/errors.ts';
import { insertMany } from '../../platform/db/insert-many.ts';
import { type DomainEventInput, recordDomainEvent, recordDomainEvents } from '../../platform/events/domain-events.ts';
import { AppError } from '../../platform/http/problem.ts';
import type { AuditActor, AuditService } from '../audit/index.ts';
import { events } from '../catalog/index.ts';
import type { UsersRepository } from '../identity/index.ts';
import { checkAnswers } from './answers.ts';
import {
  type EventPermissions,
  type EventRow,
  eventRow,
  isPubliclyVisible,
  type RegistrationRules,
  rulesOf,
} from './event-access.ts';
import type { QuestionsService } from './questions-service.ts';
import { type RegistrationForm, RegistrationForms } from './registration-forms.ts';
import type { RegistrationCipher, RegistrationRow } from './registration-store.ts';
import type { RequirementsService } from './requirements-service.ts';
import { type RegistrationStatus, registrationCounters, registrationIdempotencyKeys, registrations } from './schema.ts';
import { SeatQueue, type Settled } from './seat-queue.ts';
import { SeatBook } from './seats.ts';
import { newTicketCode } from './ticket-code.ts';

export interface RegistrationsDeps {
  db: Db;
  audit: AuditService;
  users: UsersRepository;
  store: RegistrationCipher;
  questions: QuestionsService;
  requirements: RequirementsService;
  permissions: EventPermissions;
}

const SYSTEM: AuditActor = { type: 'system', id: null };

type RegisterOutcome = { registration: Registration; replayed: boolean };
/** Nothing registered yet: the event asks guests to confirm their address first (see `AddressConfirmations`). */
export type AddressToConfirm = { confirmAddress: { organizationId: string; email: string; name: string } };
type NewRegistration = typeof registrations.$inferInsert;
/** A request's decision in a batch: settled now, a row to write, or the row another request of the batch writes. */
type Decision =
  | Settled<RegisterOutcome>
  | { ok: 'new'; row: NewRegistration; by: AuditActor }
  | { ok: 'same'; registrationId: string };

/** What checking a request against the registration form gives. */
interface CheckedRequest {
  person: { email: string; name: string; userId: string | null };
  answers: Answers;
  acknowledged: string[];
  /** The event revision of the form it was checked against. */
  formRevision: number;
}

/** A checked registration request, waiting for its seat decision. */
interface SeatRequest extends CheckedRequest {
  id: string;
  eventId: string;
  by: AuditActor;
  idempotencyKey: string | undefined;
  requestHash: string;
  /** The request as sent, to check it again if the form changed meanwhile. */
  body: RegisterBody;
  actor: Actor;
}
const ACTIVE: RegistrationStatus[] = ['pending', 'confirmed', 'waitlisted'];

/**
 * Registering for events and every later change of a registration's
 * status. Seats and waitlist places are decided under the event's
 * `SeatBook` lock in the same transaction as the row they change; each
 * change is audited and recorded as a `registration.*` domain event.
 */
export class RegistrationsService {
  private readonly seats = new SeatQueue<SeatRequest, RegisterOutcome>((eventId, items) =>
    this.seatBatch(eventId, items),
  );

  /** Registration forms by event revision (see `RegistrationForms`). */
  readonly forms: RegistrationForms;

  constructor(private readonly d: RegistrationsDeps) {
    this.forms = new RegistrationForms({
      requirementKeys: async (executor, eventId) => (await d.requirements.list(eventId, executor)).map((r) => r.key),
      questions: (executor, eventId) => d.questions.rows(executor, eventId),
    });
  }

  /**
   * Registers `body` for the event as `actor` (a guest or a signed-in user).
   * With an idempotency key, a repeated request answers the registration the
   * first one made (`replayed`), and a different request under the same key
   * is refused. Where the event asks guests to confirm their address, a
   * guest's valid request registers nothing and answers `confirmAddress`,
   * unless `addressConfirmed` (the request comes back from its link).
   */
  async register(
    eventId: string,
    body: RegisterBody,
    actor: Actor,
    by: AuditActor,
    idempotencyKey?: string,
    options: { addressConfirmed?: boolean } = {},
  ): Promise<RegisterOutcome | AddressToConfirm> {
    const requestHash = idempotencyKey ? this.requestHash(body, actor) : '';
    if (idempotencyKey) {
      const replay = await this.replay(this.d.db, eventId, idempotencyKey, requestHash);
      if (replay) return { registration: replay, replayed: true };
    }
    const { form, remembered } = await this.forms.get(this.d.db, eventId);
    let checked: CheckedRequest;
    try {
      checked = await this.check(form, body, actor);
    } catch (err) {
      // A refusal is never given on a remembered form alone: it may predate a change that lets the request in.
      if (!(err instanceof AppError) || !remembered) throw err;
      checked = await this.check(await this.forms.load(this.d.db, eventId), body, actor);
    }
    // An address no verified account vouches for (API keys are the organisation's own integrations).
    const unverified = checked.person.userId === null && actor.kind !== 'apiKey';
    if (!options.addressConfirmed && unverified && rulesOf(form.event).confirmAddress) {
      const { email, name } = checked.person;
      return { confirmAddress: { organizationId: form.event.organizationId, email, name } };
    }
    return this.seats.submit(eventId, {
      id: randomUUID(),
      eventId,
      ...checked,
      by,
      idempotencyKey,
      requestHash,
      body,
      actor,
    });
  }

  /**
   * Checks a request against the event's registration form: the event is
   * visible to the caller and open, the caller may register (guests), every
   * requirement is acknowledged and the answers fit the questions.
   */
  private async check(form: RegistrationForm, body: RegisterBody, actor: Actor): Promise<CheckedRequest> {
    const { event } = form;
    // As every public route: an event the public cannot see (a draft, a private one) does not exist for them.
    if (!isPubliclyVisible(event) && !(await this.d.permissions.allows(actor, 'event.read', event.id))) {
      throw new AppError('NOT_FOUND', 404, 'No such event.');
    }
    const rules = rulesOf(event);
    assertOpen(event, rules, new Date());
    const person = await this.person(body, actor, rules);
    const acknowledged = checkRequirements(form.requirementKeys, body.acknowledgedRequirements);
    const { answers, errors } = checkAnswers(form.questions, body.answers);
    if (errors.length > 0) {
      throw new AppError('VALIDATION_FAILED', 422, 'Some answers are missing or not valid.', errors);
    }
    return { person, answers, acknowledged, formRevision: event.revision };
  }

  /**
   * Decides a batch of registrations for one event in one transaction
   * under one seat lock (see `SeatQueue`): one query finds who is already
   * registered, each request is decided in memory, then the rows, the
   * counter, the audit entries and the domain events are written with one
   * statement each. A refused request (full, already registered, closed …)
   * writes nothing, so the others go on; a database error breaks the
   * transaction, and then each request is tried again on its own.
   */
  private async seatBatch(eventId: string, items: SeatRequest[]): Promise<Settled<RegisterOutcome>[]> {
    try {
      return await this.d.db.transaction(async (tx) => {
        const book = await SeatBook.lock(tx, eventId);
        const current = await eventRow(tx, eventId);
        // Requests checked against an older form than the event's revision now are checked again, under the lock.
        const checked = await this.recheckStale(tx, current, items);
        const hashes = items.map((i) => this.d.store.emailIndex(i.person.email));
        const taken = new Set(
          (
            await tx
              .select({ hash: registrations.emailHash })
              .from(registrations)
              .where(
                and(
                  eq(registrations.eventId, eventId),
                  inArray(registrations.emailHash, [...new Set(hashes)]),
                  inArray(registrations.status, ACTIVE),
                ),
              )
          ).map((r) => r.hash),
        );
        const pendingKeys = new Map<string, string>();
        const results: Decision[] = [];
        for (const [n, item] of items.entries()) {
          try {
            const recheck = checked[n];
            if (recheck instanceof AppError) throw recheck;
            results.push(await this.decide(tx, book, current, recheck ?? item, hashes[n]!, taken, pendingKeys));
          } catch (err) {
            if (!(err instanceof AppError)) throw err;
            results.push({ ok: false, error: err });
          }
        }
        const fresh = results.flatMap((r) => (r.ok === 'new' ? [r] : []));
        if (fresh.length === 0)
          return results.filter((r): r is Settled<RegisterOutcome> => r.ok !== 'new' && r.ok !== 'same');
        const rows = await insertMany(
          tx,
          registrations,
          fresh.map((r) => r.row),
          { returning: true },
        );
        const byId = new Map(rows.map((row) => [row.id, row]));
        await book.flush();
        await this.d.audit.recordMany(
          tx,
          fresh.map(({ row, by }) => this.auditEntry(byId.get(row.id!)!, 'registration.created', by, {})),
        );
        await recordDomainEvents(
          tx,
          fresh.map(({ row }) => this.eventOf(byId.get(row.id!)!, `registration.${row.status}`, {})),
        );
        return results.map((r): Settled<RegisterOutcome> => {
          if (r.ok === 'new') {
            return { ok: true, value: { registration: this.d.store.toDto(byId.get(r.row.id!)!), replayed: false } };
          }
          if (r.ok === 'same') {
            return {
              ok: true,
              value: { registration: this.d.store.toDto(byId.get(r.registrationId)!), replayed: true },
            };
          }
          return r;
        });
      });
    } catch (err) {
      let error = isUniqueViolation(err) ? alreadyRegistered() : err;
      // The event was deleted after these requests were checked against its remembered form.
      if (isForeignKeyViolation(err) && !(await this.eventExists(eventId))) {
        this.forms.forget(eventId);
        error = new AppError('NOT_FOUND', 404, 'No such event.');
      }
      if (items.length === 1) return [{ ok: false, error }];
      const alone: Settled<RegisterOutcome>[] = [];
      for (const item of items) alone.push(...(await this.seatBatch(eventId, [item])));
      return alone;
    }
  }

  /**
   * One registration's seat decision under the lock `book` holds: the row
   * to insert (counted in `book` and `taken`), or a replay. Throws only
   * before anything of it is written (an idempotency claim is taken back).
   */
  /**
   * For each request checked against a form older than `current`, its
   * check against the current form (or the refusal it now gets); nothing
   * for the others. The current form is read once, in the transaction.
   */
  private async recheckStale(
    tx: Tx,
    current: EventRow,
    items: SeatRequest[],
  ): Promise<(SeatRequest | AppError | undefined)[]> {
    if (items.every((i) => i.formRevision === current.revision)) return [];
    const form = await this.forms.load(tx, current.id, current);
    return Promise.all(
      items.map(async (item) => {
        if (item.formRevision === current.revision) return undefined;
        try {
          return { ...item, ...(await this.check(form, item.body, item.actor)) };
        } catch (err) {
          if (err instanceof AppError) return err;
          throw err;
        }
      }),
    );
  }

  private async decide(
    tx: Tx,
    book: SeatBook,
    current: EventRow,
    item: SeatRequest,
    emailHash: string,
    taken: Set<string>,
    pendingKeys: Map<string, string>,
  ): Promise<Decision> {
    const { eventId, idempotencyKey, requestHash, person } = item;
    let claimed = false;
    if (idempotencyKey) {
      const rows = await tx
        .insert(registrationIdempotencyKeys)
        .values({ eventId, key: idempotencyKey, requestHash, registrationId: item.id })
        .onConflictDoNothing()
        .returning();
      claimed = rows.length > 0;
      // The same key was used by a request that has committed meanwhile (or earlier in this batch).
      if (!claimed) {
        const replay = await this.replay(tx, eventId, idempotencyKey, requestHash);
        if (replay) return { ok: true, value: { registration: replay, replayed: true } };
        // Claimed earlier in this batch: the same registration, once it is written.
        const pending = pendingKeys.get(idempotencyKey);
        if (pending) return { ok: 'same', registrationId: pending };
      }
    }
    const now = new Date();
    const seatRules = rulesOf(current);
    let status: RegistrationStatus;
    try {
      assertOpen(current, seatRules, now);
      if (taken.has(emailHash)) throw alreadyRegistered();
      const free = book.hasFreeSeat(seatRules.capacity);
      if (!free && !seatRules.waitlistEnabled) throw eventFull();
      if (seatRules.approvalRequired) status = 'pending';
      else if (free) status = 'confirmed';
      else status = 'waitlisted';
    } catch (err) {
      // Refused: take the key back, as a rolled-back transaction would.
      if (claimed) {
        await tx
          .delete(registrationIdempotencyKeys)
          .where(
            and(eq(registrationIdempotencyKeys.eventId, eventId), eq(registrationIdempotencyKeys.key, idempotencyKey!)),
          );
      }
      throw err;
    }
    const position = status === 'waitlisted' ? book.nextPosition() : null;
    if (status === 'confirmed') book.count({ confirmed: 1 });
    if (status === 'waitlisted') book.count({ waitlisted: 1 });
    taken.add(emailHash);
    if (claimed) pendingKeys.set(idempotencyKey!, item.id);
    return {
      ok: 'new',
      by: item.by,
      row: {
        id: item.id,
        eventId,
        organizationId: current.organizationId,
        userId: person.userId,
        status,
        waitlistPosition: position,
        ticketCode: status === 'confirmed' ? newTicketCode() : null,
        ...this.d.store.sealed({ email: person.email, name: person.name, answers: item.answers }),
        emailHash,
        acknowledgedRequirements: item.acknowledged,
        source: 'self',
        createdAt: now,
        updatedAt: now,
        confirmedAt: status === 'confirmed' ? now : null,
      },
    };
  }

  /**
   * Cancels a pending, confirmed or waitlisted registration. A freed seat
   * goes to the first waitlisted people when the event auto-promotes;
   * a freed waitlist place closes up.
   */
  async cancel(registrationId: string, by: AuditActor, reason?: string): Promise<Registration> {
    return this.change(registrationId, async (tx, book, row, event) => {
      if (!ACTIVE.includes(row.status)) throw illegal(row.status, 'cancelled');
      const now = new Date();
      const [updated] = await tx
        .update(registrations)
        .set({ status: 'cancelled', waitlistPosition: null, cancelledAt: now, updatedAt: now })
        .where(eq(registrations.id, row.id))
        .returning();
      if (row.status === 'waitlisted') await book.closeUp(row.waitlistPosition!);
      await this.record(tx, updated!, 'registration.cancelled', by, { from: row.status, reason: reason ?? null });
      await this.emit(tx, updated!, 'registration.cancelled', { from: row.status });
      if (row.status === 'confirmed') {
        await book.change({ confirmed: -1 });
        const rules = rulesOf(event);
        if (rules.waitlistAutoPromote) await this.fillFreeSeats(tx, book, rules.capacity);
      }
      return updated!;
    });
  }

  private async eventExists(eventId: string): Promise<boolean> {
    const [row] = await this.d.db.select({ id: events.id }).from(events).where(eq(events.id, eventId));
    return row !== undefined;
  }

  /** Cancels with the registration's own link token (guests); 404 for a wrong token, as for an unknown registration. */
  async cancelByLink(registrationId: string, token: string, by: AuditActor, reason?: string): Promise<Registration> {
    const [link] = await this.d.db
      .select({ id: registrations.id, linkVersion: registrations.linkVersion })
      .from(registrations)
      .where(eq(registrations.id, registrationId));
    if (!link || !this.d.store.isLinkToken(link, token)) throw new AppError('NOT_FOUND', 404, 'No such registration.');
    return this.cancel(registrationId, by, reason);
  }

  /** Gives a waitlisted person a seat; beyond capacity only when `overCapacity`. */
  async promote(registrationId: string, by: AuditActor, overCapacity = false): Promise<Registration> {
    return this.change(registrationId, async (tx, book, row, event) => {
      if (row.status !== 'waitlisted') throw illegal(row.status, 'confirmed');
      if (!overCapacity && !book.hasFreeSeat(event.capacity)) throw noFreeSeat();
      return this.seatFromWaitlist(tx, book, row, by);
    });
  }

  /** Gives the first waitlisted person a seat; beyond capacity only when `overCapacity`. */
  async promoteNext(eventId: string, by: AuditActor, overCapacity = false): Promise<Registration> {
    const registration = await this.d.db.transaction(async (tx) => {
      const book = await SeatBook.lock(tx, eventId);
      const event = await eventRow(tx, eventId);
      const first = await book.first();
      if (!first) throw new AppError('CONFLICT', 409, 'Nobody is on the waiting list.');
      if (!overCapacity && !book.hasFreeSeat(event.capacity)) throw noFreeSeat();
      return this.d.store.toDto(await this.seatFromWaitlist(tx, book, first, by));
    });
    return registration;
  }

  /** Accepts a pending registration: a seat if one is free (or `overCapacity`), else the waiting list. */
  async approve(registrationId: string, by: AuditActor, overCapacity = false): Promise<Registration> {
    return this.change(registrationId, async (tx, book, row, event) => {
      if (row.status !== 'pending') throw illegal(row.status, 'confirmed');
      const rules = rulesOf(event);
      const now = new Date();
      if (overCapacity || book.hasFreeSeat(rules.capacity)) {
        const [updated] = await tx
          .update(registrations)
          .set({ status: 'confirmed', ticketCode: newTicketCode(), confirmedAt: now, updatedAt: now })
          .where(eq(registrations.id, row.id))
          .returning();
        await book.change({ confirmed: 1 });
        await this.record(tx, updated!, 'registration.approved', by, { to: 'confirmed', overCapacity });
        await this.emit(tx, updated!, 'registration.confirmed', { via: 'approval' });
        return updated!;
      }
      if (!rules.waitlistEnabled) throw eventFull();
      const [updated] = await tx
        .update(registrations)
        .set({ status: 'waitlisted', waitlistPosition: book.nextPosition(), updatedAt: now })
        .where(eq(registrations.id, row.id))
        .returning();
      await book.change({ waitlisted: 1 });
      await this.record(tx, updated!, 'registration.approved', by, { to: 'waitlisted' });
      await this.emit(tx, updated!, 'registration.waitlisted', { via: 'approval' });
      return updated!;
    });
  }

  /** Refuses a pending or waitlisted registration. */
  async decline(registrationId: string, by: AuditActor, reason?: string): Promise<Registration> {
    return this.change(registrationId, async (tx, book, row) => {
      if (row.status !== 'pending' && row.status !== 'waitlisted') throw illegal(row.status, 'declined');
      const now = new Date();
      const [updated] = await tx
        .update(registrations)
        .set({ status: 'declined', waitlistPosition: null, updatedAt: now })
        .where(eq(registrations.id, row.id))
        .returning();
      if (row.status === 'waitlisted') await book.closeUp(row.waitlistPosition!);
      await this.record(tx, updated!, 'registration.declined', by, { from: row.status, reason: reason ?? null });
      await this.emit(tx, updated!, 'registration.declined', { from: row.status });
      return updated!;
    });
  }

  /**
   * Attaches every guest registration made with the user's address to the
   * account — only once the address is verified. Answers how many.
   */
  async linkVerified(executor: Executor, userId: string, by: AuditActor, refuseUnverified = true): Promise<number> {
    const user = await this.d.users.byId(executor, userId);
    if (!user) return 0;
    if (!user.emailVerifiedAt) {
      if (!refuseUnverified) return 0;
      throw new AppError(
        'EMAIL_NOT_VERIFIED',
        403,
        'Verify your email address first; then its registrations are yours.',
      );
    }
    const linked = await executor
      .update(registrations)
      .set({ userId, updatedAt: new Date() })
      .where(and(eq(registrations.emailHash, user.emailHash), isNull(registrations.userId)))
      .returning();
    for (const row of linked) {
      await this.record(executor, row, 'registration.linked', by, {});
      await this.emit(executor, row, 'registration.linked', {});
    }
    return linked.length;
  }

  /** The event of a registration, or null (for the access gate). */
  async eventIdOf(registrationId: string): Promise<string | null> {
    const [row] = await this.d.db
      .select({ eventId: registrations.eventId })
      .from(registrations)
      .where(eq(registrations.id, registrationId));
    return row?.eventId ?? null;
  }

  /** Whether `actor` may cancel: the attendee themself, or whoever manages the event. */
  async mayCancel(actor: Actor, registrationId: string): Promise<boolean> {
    const [row] = await this.d.db.select().from(registrations).where(eq(registrations.id, registrationId));
    if (!row) return false;
    if (actor.kind === 'user' && row.userId === actor.userId) return true;
    return this.d.permissions.allows(actor, 'registration.manage', row.eventId);
  }

  private async seatFromWaitlist(tx: Tx, book: SeatBook, row: RegistrationRow, by: AuditActor) {
    const now = new Date();
    const [updated] = await tx
      .update(registrations)
      .set({
        status: 'confirmed',
        waitlistPosition: null,
        ticketCode: newTicketCode(),
        confirmedAt: now,
        updatedAt: now,
      })
      .where(eq(registrations.id, row.id))
      .returning();
    await book.closeUp(row.waitlistPosition!);
    await book.change({ confirmed: 1 });
    await this.record(tx, updated!, 'registration.promoted', by, { fromPosition: row.waitlistPosition });
    await this.emit(tx, updated!, 'registration.promoted', { fromPosition: row.waitlistPosition });
    return updated!;
  }

  /**
   * After the event changed (e.g. more capacity): seats waitlisted people
   * while seats are free, if the event auto-promotes. Answers how many.
   */
  async fillFreedSeats(tx: Tx, eventId: string): Promise<number> {
    const [counter] = await tx.select().from(registrationCounters).where(eq(registrationCounters.eventId, eventId));
    if (!counter || counter.waitlisted === 0) return 0;
    const book = await SeatBook.lock(tx, eventId);
    // Read after taking the lock, so the capacity is the one every other seat decision now sees.
    const [event] = await tx.select().from(events).where(eq(events.id, eventId));
    if (!event) return 0;
    const rules = rulesOf(event);
    if (!rules.waitlistAutoPromote) return 0;
    const before = book.counter.confirmed;
    await this.fillFreeSeats(tx, book, rules.capacity);
    return book.counter.confirmed - before;
  }

  /** Seats waitlisted people in order while seats are free. */
  private async fillFreeSeats(tx: Tx, book: SeatBook, capacity: number | null): Promise<void> {
    while (book.counter.waitlisted > 0 && book.hasFreeSeat(capacity)) {
      const first = await book.first();
      if (!first) return;
      await this.seatFromWaitlist(tx, book, first, SYSTEM);
    }
  }

  /** Runs a status change on one registration under its event's seat lock. */
  private async change(
    registrationId: string,
    apply: (tx: Tx, book: SeatBook, row: RegistrationRow, event: EventRow) => Promise<RegistrationRow>,
  ): Promise<Registration> {
    const eventId = await this.eventIdOf(registrationId);
    if (!eventId) throw new AppError('NOT_FOUND', 404, 'No such registration.');
    return this.d.db.transaction(async (tx) => {
      const book = await SeatBook.lock(tx, eventId);
      const [row] = await tx.select().from(registrations).where(eq(registrations.id, registrationId)).for('update');
      if (!row) throw new AppError('NOT_FOUND', 404, 'No such registration.');
      return this.d.store.toDto(await apply(tx, book, row, await eventRow(tx, eventId)));
    });
  }

  private async replay(executor: Executor, eventId: string, key: string, requestHash: string) {
    const [stored] = await executor
      .select()
      .from(registrationIdempotencyKeys)
      .where(and(eq(registrationIdempotencyKeys.eventId, eventId), eq(registrationIdempotencyKeys.key, key)));
    if (!stored) return null;
    if (stored.requestHash !== requestHash) {
      throw new AppError(
        'IDEMPOTENCY_KEY_REUSED',
        422,
        'This Idempotency-Key was used for a different registration request.',
      );
    }
    const [row] = await executor.select().from(registrations).where(eq(registrations.id, stored.registrationId));
    return row ? this.d.store.toDto(row) : null;
  }

  /** Who registers: the signed-in user (their address, linked once verified) or the guest the body names. */
  private async person(body: RegisterBody, actor: Actor, rules: RegistrationRules) {
    if (actor.kind === 'user') {
      const user = await this.d.users.byId(this.d.db, actor.userId);
      if (user) {
        const email = this.d.users.email(user);
        if (body.email && this.d.store.emailIndex(body.email) !== user.emailHash) {
          throw new AppError('VALIDATION_FAILED', 422, 'Signed in, you register with your own address.', [
            { field: 'body.email', message: 'must be the address of your account', code: 'not_account_email' },
          ]);
        }
        return { email, name: body.name ?? user.name, userId: user.emailVerifiedAt ? user.id : null };
      }
    }
    if (!rules.guestsAllowed) {
      throw new AppError('GUESTS_NOT_ALLOWED', 401, 'Sign in to register for this event.');
    }
    const errors: FieldError[] = [];
    if (!body.email) errors.push({ field: 'body.email', message: 'is required', code: 'required' });
    if (!body.name) errors.push({ field: 'body.name', message: 'is required', code: 'required' });
    if (errors.length > 0) throw new AppError('VALIDATION_FAILED', 422, 'Name and email are required.', errors);
    return { email: body.email!, name: body.name!, userId: null };
  }

  /** A keyed hash of the caller and the canonical body: equal requests, equal hash; no personal data kept. */
  private requestHash(body: RegisterBody, actor: Actor): string {
    const caller = actor.kind === 'user' ? `u:${actor.userId}` : actor.kind === 'apiKey' ? `k:${actor.apiKeyId}` : '-';
    return this.d.store.fingerprint(JSON.stringify([caller, canonical(body)]));
  }

  private async record(
    executor: Executor,
    row: RegistrationRow,
    action: string,
    by: AuditActor,
    metadata: Record<string, unknown>,
  ): Promise<void> {
    await this.d.audit.record(executor, this.auditEntry(row, action, by, metadata));
  }

  private auditEntry(row: RegistrationRow, action: string, by: AuditActor, metadata: Record<string, unknown>) {
    return {
      actor: by,
      organizationId: row.organizationId,
      action,
      target: { type: 'registration', id: row.id },
      metadata: { eventId: row.eventId, status: row.status, position: row.waitlistPosition, ...metadata },
    };
  }

  /** What the email slice and others hook on; ids and statuses only, never personal data. */
  private async emit(executor: Executor, row: RegistrationRow, type: string, extra: Record<string, unknown>) {
    await recordDomainEvent(executor, this.eventOf(row, type, extra));
  }

  private eventOf(row: RegistrationRow, type: string, extra: Record<string, unknown>): DomainEventInput {
    return {
      type,
      aggregateType: 'registration',
      aggregateId: row.id,
      organizationId: row.organizationId,
      payload: {
        registrationId: row.id,
        eventId: row.eventId,
        userId: row.userId,
        status: row.status,
        position: row.waitlistPosition,
        ...extra,
      },
    };
  }
}

/** Registration is open while the event is published or live, inside its window. */
function assertOpen(event: EventRow, rules: RegistrationRules, now: Date): void {
  if (event.status !== 'published' && event.status !== 'live') {
    throw new AppError('REGISTRATION_CLOSED', 422, 'This event does not take registrations.');
  }
  if (rules.opensAt && now < rules.opensAt) {
    throw new AppError('REGISTRATION_CLOSED', 422, `Registration opens at ${rules.opensAt.toISOString()}.`);
  }
  if (now >= rules.closesAt) throw new AppError('REGISTRATION_CLOSED', 422, 'Registration has closed.');
}

function canonical(value: unknown): unknown {
  if (Array.isArray(value)) return value.map(canonical);
  if (value && typeof value === 'object') {
    return Object.fromEntries(
      Object.entries(value as Record<string, unknown>)
        .filter(([, v]) => v !== undefined)
        .sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0))
        .map(([k, v]) => [k, canonical(v)]),
    );
  }
  return value;
}

const alreadyRegistered = () =>
  new AppError('ALREADY_REGISTERED', 409, 'This address is already registered for the event.', [
    { field: 'body.email', message: 'is already registered for this event', code: 'already_registered' },
  ]);
const eventFull = (detail = 'The event is full and has no waiting list.') => new AppError('EVENT_FULL', 409, detail);
const noFreeSeat = () => eventFull('No seat is free; promote beyond capacity with overCapacity: true.');
const illegal = (from: RegistrationStatus, to: string) =>
  new AppError('ILLEGAL_TRANSITION', 409, `A ${from} registration cannot become ${to}.`);

/** Every requirement key of the event must be acknowledged; answers the keys acknowledged. */
function checkRequirements(keys: string[], acknowledged: string[]): string[] {
  const missing = keys.filter((k) => !acknowledged.includes(k));
  if (missing.length > 0) {
    throw new AppError(
      'REQUIREMENTS_NOT_ACKNOWLEDGED',
      422,
      `Acknowledge every requirement of the event: ${missing.join(', ')}.`,
      missing.map((key) => ({
        field: 'body.acknowledgedRequirements',
        message: `${key} is not acknowledged`,
        code: 'not_acknowledged',
      })),
    );
  }
  return keys;
}
