/** What the access gate needs about an event for callers that are not signed-in users. */
export interface EventAccess {
  organizationId: string;
  eventIsPublic: boolean;
  version: number;
}

/**
 * The events' organization, public visibility and revision, kept in memory
 * so that an anonymous revalidation (If-None-Match → 304) needs no query.
 *
 * Correctness rests on invalidation: the database announces every change of
 * an event's revision (NOTIFY `foyer_event_changed`, on commit, from any
 * process or writer), and this process also drops everything after each of
 * its own write requests, before answering them. A load that raced with an
 * invalidation is not stored (generation check). While notifications may be
 * missed (listening connection lost), nothing is cached.
 */
export class EventAccessCache {
  private readonly entries = new Map<string, EventAccess>();
  private generation = 0;
  private enabled = false;

  constructor(private readonly maxEntries = 10_000) {}

  async get(eventId: string, load: () => Promise<EventAccess | null>): Promise<EventAccess | null> {
    const hit = this.enabled ? this.entries.get(eventId) : undefined;
    if (hit) return hit;
    const generation = this.generation;
    const value = await load();
    // Unknown events are not remembered: one may be created with that id.
    if (value && this.enabled && generation === this.generation) {
      if (this.entries.size >= this.maxEntries) this.entries.clear();
      this.entries.set(eventId, value);
    }
    return value;
  }

  /** What is cached about an event right now, without loading (undefined when unknown or caching is off). */
  peek(eventId: string): EventAccess | undefined {
    return this.enabled ? this.entries.get(eventId) : undefined;
  }

  /** Forgets one event, or everything. */
  invalidate(eventId?: string): void {
    this.generation++;
    if (eventId) this.entries.delete(eventId);
    else this.entries.clear();
  }

  /** Caching is on only while invalidations are known to arrive. */
  setEnabled(enabled: boolean): void {
    this.enabled = enabled;
    this.invalidate();
  }
}
