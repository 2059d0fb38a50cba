// The audit module's public surface: what other modules may import.
export type { AuditActor, AuditQuery, AuditRecord, AuditService, Change } from './audit-service.ts';
export { type AuditServices, auditModule } from './module.ts';
/** Read model: the audit trail, for tests and clean-up checks that look at what was recorded. */
export { auditLog } from './schema.ts';
