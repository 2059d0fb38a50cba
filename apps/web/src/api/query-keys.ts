import type { AuditLogFilter } from '@foyer/client';

/** Every cache key of signed-in data; all of it is dropped when the person signs out. */
export const accountKeys = {
  all: ['account'] as const,
  me: ['account', 'me'] as const,
  sessions: ['account', 'sessions'] as const,
  orgs: ['account', 'orgs'] as const,
  org: (orgId: string) => ['account', 'orgs', orgId] as const,
  members: (orgId: string) => ['account', 'orgs', orgId, 'members'] as const,
  apiKeys: (orgId: string) => ['account', 'orgs', orgId, 'api-keys'] as const,
  auditLog: (orgId: string, filter?: AuditLogFilter) =>
    filter
      ? (['account', 'orgs', orgId, 'audit-log', filter] as const)
      : (['account', 'orgs', orgId, 'audit-log'] as const),
  events: (orgId: string, status?: string) =>
    status !== undefined
      ? (['account', 'orgs', orgId, 'events', status] as const)
      : (['account', 'orgs', orgId, 'events'] as const),
  event: (eventId: string) => ['account', 'events', eventId] as const,
  eventHistory: (eventId: string) => ['account', 'events', eventId, 'status-history'] as const,
  eventOrganizers: (eventId: string) => ['account', 'events', eventId, 'organizers'] as const,
};
