import type { Booking, Project, Resource, ResourceLayout } from '@foyer/contracts';
import type { Executor } from '../../platform/db/database.ts';
import { recordDomainEvent } from '../../platform/events/domain-events.ts';
import type { AuditActor, AuditService } from '../audit/index.ts';

export type SchedulingItemType = 'resource' | 'resource_layout' | 'project' | 'booking';
export type ChangeKind = 'created' | 'changed' | 'deleted';

/** Every scheduling domain event type, e.g. `booking.changed`. */
export const SCHEDULING_EVENT_TYPES = (['resource', 'resource_layout', 'project', 'booking'] as const).flatMap((t) =>
  (['created', 'changed', 'deleted'] as const).map((k) => `${t}.${k}`),
);

export interface SchedulingItems {
  resource: Resource;
  resource_layout: ResourceLayout;
  project: Project;
  booking: Booking;
}

/**
 * The payload of a scheduling domain event: the item as it is now (its last
 * state for a delete) and, for a change, as it was — so live calendars can
 * tell the subscribers of the old time window or resource that it moved away.
 */
export interface SchedulingChange<T extends SchedulingItemType = SchedulingItemType> {
  itemType: T;
  change: ChangeKind;
  organizationId: string;
  item: SchedulingItems[T];
  previous: SchedulingItems[T] | null;
  /** When the change was committed (for tombstones: the deletion time). */
  at: string;
}

/** Records the audit entry and the domain event of one change, in the caller's transaction. */
export async function recordChange<T extends SchedulingItemType>(
  tx: Executor,
  audit: AuditService,
  by: AuditActor,
  change: Omit<SchedulingChange<T>, 'at'> & { metadata?: Record<string, unknown> },
): Promise<void> {
  const action = `${change.itemType}.${change.change}`;
  const { metadata, ...payload } = change;
  await audit.record(tx, {
    actor: by,
    organizationId: change.organizationId,
    action,
    target: { type: change.itemType, id: change.item.id },
    metadata: metadata ?? {},
  });
  await recordDomainEvent(tx, {
    type: action,
    aggregateType: change.itemType,
    aggregateId: change.item.id,
    organizationId: change.organizationId,
    payload: { ...payload, at: new Date().toISOString() } as Record<string, unknown>,
  });
}
