import { defineModule } from '../../platform/module.ts';
import type { Platform } from '../../platform/platform.ts';
import { registerAuditRoutes } from './audit-routes.ts';
import { AuditService } from './audit-service.ts';

function auditServices(platform: Platform) {
  return { audit: new AuditService(platform.database.db) };
}

export type AuditServices = ReturnType<typeof auditServices>;

/** The append-only audit trail every change is written to, and the organizations' audit log API. */
export const auditModule = defineModule({
  name: 'audit',
  needs: () => [],
  services: auditServices,
  routes: (app, _platform, services) => registerAuditRoutes(app, services),
});
