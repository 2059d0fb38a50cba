import { randomBytes } from 'node:crypto';
import type { Booking } from '@foyer/contracts';
import type { WebSocket } from 'ws';
import {
  type BookingWindow,
  changeConcernsWindow,
  type SchedulingChange,
  SUBSCRIPTION_TTL_MS,
} from '../../modules/scheduling/index.ts';
import type { UserActor } from '../../platform/auth/actor.ts';
import { auditActorOf } from '../../platform/auth/actor.ts';
import { type Action, decide } from '../../platform/auth/policy.ts';
import { AppError } from '../../platform/http/problem.ts';
import { isUuid } from '../../platform/ids.ts';
import type { ColanderDeps, Meta } from './colander-deps.ts';
import {
  bookingTimes,
  ColanderEvent,
  ColanderNamed,
  ColanderOrganization,
  errorItem,
  eventItem,
  isHexColour,
  layoutItem,
  projectItem,
  resourceItem,
  SubscribeToEventRange,
  SubscribeToOrganization,
  UnsubscribeFromEventRange,
} from './colander-items.ts';

type Item = { __type: string; [key: string]: unknown };
interface Frame {
  action?: unknown;
  data?: unknown;
  query?: unknown;
}

/**
 * One authenticated Colander socket. Frames are handled strictly in order
 * (the client's unsubscribe-then-subscribe pairs depend on it); every
 * outgoing frame is a JSON array of `__type`-tagged items. Subscriptions
 * last 2 h unless renewed and end with the socket. Every rule is the
 * scheduling module's; this class only translates.
 */
export class ColanderConnection {
  private queue: Promise<void> = Promise.resolve();
  /** The organization the client's id (in practice `"org1"`) stands for, and that alias. */
  private org: { id: string; alias: string } | null = null;
  private orgSubscriptionExpires = 0;
  /** Per resource, the subscribed window `[from, to]` (inclusive, as the client means it) and its expiry. */
  private readonly ranges = new Map<string, { from: Date; to: Date; expires: number }>();
  /** The newest version of each item this socket was sent, so a late push never overwrites a newer one. */
  private readonly sent = new Map<string, number>();
  private stopLive: (() => Promise<void>) | null = null;
  private closed = false;

  constructor(
    private readonly socket: WebSocket,
    private readonly user: UserActor,
    private readonly meta: Meta,
    private readonly deps: ColanderDeps,
  ) {}

  /** Queues one text frame; frames run one after another. */
  receive(raw: string): void {
    this.queue = this.queue
      .then(() => this.handle(raw))
      .catch((err) => {
        this.deps.logger.warn({ err }, 'colander frame failed');
        this.send([errorItem('INTERNAL_ERROR', 'The frame could not be handled.')]);
      });
  }

  async close(): Promise<void> {
    this.closed = true;
    this.ranges.clear();
    const stop = this.stopLive;
    this.stopLive = null;
    await stop?.();
  }

  private async handle(raw: string): Promise<void> {
    let frame: Frame;
    try {
      frame = JSON.parse(raw) as Frame;
    } catch {
      return this.send([errorItem('MALFORMED_JSON', 'A frame must be a JSON object.')]);
    }
    if (!frame || typeof frame !== 'object')
      return this.send([errorItem('MALFORMED_JSON', 'A frame must be a JSON object.')]);
    switch (frame.action) {
      case 'subscribeToOrganization':
        return this.subscribeToOrganization(frame.query ?? frame.data);
      case 'unsubscribeFromOrganization':
        this.orgSubscriptionExpires = 0;
        return;
      case 'subscribeToEventRange':
        return this.subscribeToEventRange(frame.query ?? frame.data);
      case 'unsubscribeFromEventRange':
        return this.unsubscribeFromEventRange(frame.data ?? frame.query);
      case 'putEvent':
        return this.putEvent(frame.data);
      case 'putResource':
        return this.putNamed('resource', frame.data);
      case 'putProject':
        return this.putNamed('project', frame.data);
      case 'putOrganization':
        return this.putOrganization(frame.data);
      case 'putUpload':
        return this.send([errorItem('NOT_IMPLEMENTED', 'Attachments are not available on this server yet.')]);
      default:
        return this.send([errorItem('UNKNOWN_ACTION', `Unknown action ${JSON.stringify(frame.action)}.`)]);
    }
  }

  // ── subscriptions ────────────────────────────────────────────────────

  private async subscribeToOrganization(query: unknown): Promise<void> {
    const parsed = SubscribeToOrganization.safeParse(query);
    if (!parsed.success) return this.send([errorItem('VALIDATION_FAILED', 'organization_id is required.')]);
    const org = await this.resolveOrganization(parsed.data.organization_id);
    if (!org || !(await this.may('scheduling.read', org.id))) return this.send([]);
    this.orgSubscriptionExpires = Date.now() + SUBSCRIPTION_TTL_MS;
    await this.ensureLive();
    const s = this.deps.scheduling;
    const [resources, projects, layouts] = await Promise.all([
      s.resources.list(org.id),
      s.projects.list(org.id),
      s.resourceLayouts.list(org.id),
    ]);
    this.send([
      ...resources.map((r) => this.versioned(resourceItem(r, org.alias), 'resource', r.id, r.version)),
      ...projects.map((p) => this.versioned(projectItem(p, org.alias), 'project', p.id, p.version)),
      ...layouts.map((l) => this.versioned(layoutItem(l, org.alias), 'resourceLayout', l.id, l.version)),
    ]);
  }

  private async subscribeToEventRange(query: unknown): Promise<void> {
    const parsed = SubscribeToEventRange.safeParse(query);
    if (!parsed.success)
      return this.send([errorItem('VALIDATION_FAILED', 'resource_ids, start_date and end_date are required.')]);
    const org = this.org ?? (await this.resolveOrganization(null));
    if (!org || !(await this.may('scheduling.read', org.id))) return this.send([]);
    const from = new Date(parsed.data.start_date);
    const to = new Date(parsed.data.end_date);
    const ids = [...new Set(parsed.data.resource_ids.filter(isUuid))];
    if (ids.length === 0) return this.send([]);
    await this.ensureLive();
    const expires = Date.now() + SUBSCRIPTION_TTL_MS;
    // The window includes its end: a booking starting exactly at `to` shows (+1 ms on the half-open query).
    const bookings =
      to >= from
        ? await this.deps.scheduling.bookings.list(org.id, { from, to: new Date(to.getTime() + 1), resourceIds: ids })
        : [];
    for (const id of ids) {
      if (!(await this.deps.scheduling.resources.find(org.id, id))) continue;
      this.ranges.set(id, { from, to, expires });
      // One array per resource, as the original answered.
      this.send(
        bookings.filter((b) => b.resourceId === id).map((b) => this.versioned(eventItem(b), 'event', b.id, b.version)),
      );
    }
  }

  private unsubscribeFromEventRange(data: unknown): void {
    const parsed = UnsubscribeFromEventRange.safeParse(data);
    if (!parsed.success) {
      this.send([errorItem('VALIDATION_FAILED', 'resource_ids is required.')]);
      return;
    }
    for (const id of parsed.data.resource_ids) this.ranges.delete(id);
  }

  /** Listens to the organization's changes (once per socket). */
  private async ensureLive(): Promise<void> {
    if (this.stopLive || !this.org || this.closed) return;
    const orgId = this.org.id;
    this.stopLive = await this.deps.scheduling.liveChanges.subscribe(orgId, (change) => this.onChange(change));
    if (this.closed) await this.close();
  }

  private onChange(change: SchedulingChange): void {
    if (!this.org || change.organizationId !== this.org.id) return;
    const now = Date.now();
    const deleted = change.change === 'deleted';
    if (change.itemType === 'booking') {
      const c = change as SchedulingChange<'booking'>;
      if (!this.bookingWatched(c, now)) return;
      const item = this.versioned(eventItem(c.item), 'event', c.item.id, c.item.version);
      if (item) this.send([deleted ? { ...item, deleted: true } : item]);
      return;
    }
    if (this.orgSubscriptionExpires < now) return;
    const alias = this.org.alias;
    // A hard delete keeps the item's last version: count the tombstone as one newer.
    const version = (change.item as { version: number }).version + (deleted ? 1 : 0);
    const mapped =
      change.itemType === 'resource'
        ? this.versioned(
            resourceItem((change as SchedulingChange<'resource'>).item, alias),
            'resource',
            change.item.id,
            version,
          )
        : change.itemType === 'project'
          ? this.versioned(
              projectItem((change as SchedulingChange<'project'>).item, alias),
              'project',
              change.item.id,
              version,
            )
          : this.versioned(
              layoutItem((change as SchedulingChange<'resource_layout'>).item, alias),
              'resourceLayout',
              change.item.id,
              version,
            );
    if (mapped) this.send([deleted ? { ...mapped, deleted: true, updated_at: change.at } : mapped]);
  }

  private bookingWatched(change: SchedulingChange<'booking'>, now: number): boolean {
    for (const resourceId of new Set(
      [change.item.resourceId, change.previous?.resourceId].filter(Boolean) as string[],
    )) {
      const range = this.ranges.get(resourceId);
      if (!range) continue;
      if (range.expires < now) {
        this.ranges.delete(resourceId);
        continue;
      }
      const window: BookingWindow = { resourceIds: new Set([resourceId]), from: range.from, to: range.to };
      if (changeConcernsWindow(change, window)) return true;
    }
    return false;
  }

  // ── puts ─────────────────────────────────────────────────────────────

  private async putEvent(data: unknown): Promise<void> {
    const parsed = ColanderEvent.safeParse(data);
    const id = (data as { id?: unknown } | null)?.id;
    if (!parsed.success)
      return this.refuse(typeof id === 'string' ? id : null, 'VALIDATION_FAILED', 'The booking is not valid.');
    const e = parsed.data;
    const org = this.org ?? (await this.resolveOrganization(null));
    if (!org) return this.refuse(e.id, 'FORBIDDEN', 'No organization to book in.', e);
    if (!(await this.may('scheduling.manage', org.id)))
      return this.refuse(e.id, 'FORBIDDEN', 'Booking needs the organizer role.', e);
    const existing = await this.deps.scheduling.bookings.findWithTombstone(org.id, e.id);
    if (existing?.deletedAt) {
      // A deleted booking is never brought back; the tombstone (no older than the put) stops the re-sending.
      return this.sendTombstone(existing.booking, e.updated_at);
    }
    if (!isHexColour(e.color)) return this.refuse(e.id, 'VALIDATION_FAILED', 'color must be #rgb or #rrggbb.', e);
    const { startsAt, endsAt } = bookingTimes(e);
    try {
      const booking = await this.deps.scheduling.bookings.put(
        org.id,
        {
          id: e.id,
          resourceId: e.resource_id,
          ...(e.project_id !== undefined ? { projectId: e.project_id } : {}),
          startsAt,
          endsAt,
          label: e.label,
          colour: e.color,
          tentative: e.tentative,
        },
        this.by(),
      );
      this.echo(eventItem(booking), 'event', booking.id, booking.version);
    } catch (err) {
      if (!(err instanceof AppError)) throw err;
      await this.refuse(e.id, err.code, err.message, e);
    }
  }

  private async putNamed(kind: 'resource' | 'project', data: unknown): Promise<void> {
    const parsed = ColanderNamed.safeParse(data);
    const id = (data as { id?: unknown } | null)?.id;
    if (!parsed.success)
      return this.send([
        errorItem('VALIDATION_FAILED', `The ${kind} is not valid.`, typeof id === 'string' ? id : undefined),
      ]);
    const item = parsed.data;
    const org = await this.resolveOrganization(item.organization_id);
    if (!org || !(await this.may('scheduling.manage', org.id)))
      return this.send([errorItem('FORBIDDEN', `Writing a ${kind} needs the organizer role.`, item.id)]);
    const s = this.deps.scheduling;
    try {
      if (kind === 'resource') {
        const current = await s.resources.find(org.id, item.id);
        const saved = current
          ? current.name === item.name
            ? current
            : await s.resources.update(item.id, { name: item.name }, this.by())
          : await s.resources.create(org.id, { id: item.id, name: item.name }, this.by());
        this.echo(resourceItem(saved, org.alias), 'resource', saved.id, saved.version);
      } else {
        const current = await s.projects.find(org.id, item.id);
        const saved = current
          ? current.name === item.name
            ? current
            : await s.projects.update(item.id, { name: item.name }, this.by())
          : await s.projects.create(org.id, { id: item.id, name: item.name }, this.by());
        this.echo(projectItem(saved, org.alias), 'project', saved.id, saved.version);
      }
    } catch (err) {
      // An id taken in another organization, or any other refusal: say so, change nothing.
      this.send([errorItem(err instanceof AppError ? err.code : 'CONFLICT', `The ${kind} was not saved.`, item.id)]);
    }
  }

  /** Names the organization the alias stands for; a user with none gets a new one (they own it). */
  private async putOrganization(data: unknown): Promise<void> {
    const parsed = ColanderOrganization.safeParse(data);
    if (!parsed.success) return this.send([errorItem('VALIDATION_FAILED', 'The organization needs an id and a name.')]);
    const org = await this.resolveOrganization(parsed.data.id);
    try {
      if (!org) {
        const created = await this.deps.organizations.create(
          this.user,
          { name: parsed.data.name, slug: `colander-${randomBytes(5).toString('hex')}` },
          this.meta,
        );
        this.org = { id: created.id, alias: parsed.data.id };
      } else {
        await this.deps.organizations.update(this.user, org.id, { name: parsed.data.name }, this.meta);
      }
    } catch (err) {
      if (!(err instanceof AppError)) throw err;
      this.send([errorItem(err.code, err.message, parsed.data.id)]);
    }
    // The original pushes nothing for organizations, and the client has no model that would take one.
  }

  /**
   * A refused put: the stored version goes back to the sender, so its
   * screen shows what is saved and it stops re-sending. A refused create
   * has nothing stored: its tombstone stops the re-sending the same way.
   */
  private async refuse(id: string | null, code: string, message: string, attempted?: ColanderEvent): Promise<void> {
    const out: Item[] = [errorItem(code, message, id ?? undefined)];
    const org = this.org;
    const stored = id && org && isUuid(id) ? await this.deps.scheduling.bookings.findWithTombstone(org.id, id) : null;
    if (stored && !stored.deletedAt) out.unshift({ ...eventItem(stored.booking) });
    else if (stored?.deletedAt) out.unshift({ ...eventItem(stored.booking), deleted: true });
    else if (attempted)
      out.unshift({
        __type: 'event',
        id: attempted.id,
        resource_id: attempted.resource_id,
        start_date: attempted.start_date,
        end_date: attempted.end_date,
        label: attempted.label,
        color: isHexColour(attempted.color) ? attempted.color : '#cccccc',
        tentative: attempted.tentative,
        updated_at: laterOf(new Date().toISOString(), attempted.updated_at),
        deleted: true,
      });
    this.send(out);
  }

  private sendTombstone(booking: Booking, incomingUpdatedAt?: string): void {
    this.send([{ ...eventItem(booking), updated_at: laterOf(booking.updatedAt, incomingUpdatedAt), deleted: true }]);
  }

  // ── helpers ──────────────────────────────────────────────────────────

  /** The organization the client's id stands for: a UUID of one of the user's, else the user's oldest. */
  private async resolveOrganization(alias: string | null): Promise<{ id: string; alias: string } | null> {
    if (this.org && (alias === null || alias === this.org.alias)) return this.org;
    const mine = await this.deps.organizations.listFor(this.user.userId);
    const chosen =
      (alias && isUuid(alias) ? mine.find((o) => o.id === alias) : undefined) ??
      [...mine].sort((a, b) => a.createdAt.localeCompare(b.createdAt) || a.id.localeCompare(b.id))[0];
    if (!chosen) return null;
    if (this.org && this.org.id !== chosen.id) {
      // A socket follows one organization; a different one resets its subscriptions.
      await this.stopLive?.();
      this.stopLive = null;
      this.ranges.clear();
      this.orgSubscriptionExpires = 0;
    }
    this.org = { id: chosen.id, alias: alias ?? this.org?.alias ?? chosen.id };
    return this.org;
  }

  private async may(action: Action, organizationId: string): Promise<boolean> {
    const role = await this.deps.organizations.roleOf(this.user.userId, organizationId);
    return decide(this.user, action, { organizationId }, role) === 'allow';
  }

  private by() {
    return auditActorOf(this.user, this.meta);
  }

  /** Marks `item` as sent at `version`; null when this socket already has that version or a newer one. */
  private versioned<T extends Item>(item: T, type: string, id: string, version: number): T | null {
    const key = `${type}:${id}`;
    if ((this.sent.get(key) ?? 0) >= version) return null;
    this.sent.set(key, version);
    return item;
  }

  /**
   * The accepted put goes back to its sender, always (even unchanged): the
   * client counts an item unsaved until it is echoed.
   */
  private echo(item: Item, type: string, id: string, version: number): void {
    const key = `${type}:${id}`;
    this.sent.set(key, Math.max(version, this.sent.get(key) ?? 0));
    this.send([item]);
  }

  private send(items: (Item | null)[]): void {
    if (this.closed || this.socket.readyState !== this.socket.OPEN) return;
    this.socket.send(JSON.stringify(items.filter((i): i is Item => i !== null)));
  }
}

function laterOf(a: string, b?: string): string {
  if (!b || Number.isNaN(Date.parse(b))) return a;
  return Date.parse(b) > Date.parse(a) ? new Date(Date.parse(b)).toISOString() : a;
}
