import { defineModule } from '../../platform/module.ts';
import type { Platform } from '../../platform/platform.ts';
import { type AuditServices, auditModule } from '../audit/index.ts';
import { registerAdminMailRoutes } from './admin-mail-routes.ts';
import { registerEmailTemplatesRoutes } from './email-templates-routes.ts';
import { EmailTemplatesService } from './email-templates-service.ts';
import { TemplateEngine } from './template-engine.ts';

function emailServices(platform: Platform, { audit }: AuditServices) {
  return { emailTemplates: new EmailTemplatesService(platform.database.db, audit, new TemplateEngine()) };
}

export type EmailServices = ReturnType<typeof emailServices>;

/** Email: templates with organisation and event overrides and previews, and the admins' outbox viewer. */
export const emailModule = defineModule({
  name: 'email',
  needs: () => [auditModule],
  services: emailServices,
  routes(app, platform, services) {
    registerEmailTemplatesRoutes(app, services);
    registerAdminMailRoutes(app, platform);
  },
});
