import { defineModule } from '../../platform/module.ts';
import type { Platform } from '../../platform/platform.ts';
import { type AuditServices, auditModule } from '../audit/index.ts';
import { type CatalogServices, catalogModule } from '../catalog/index.ts';
import { type ChatServices, chatModule } from '../chat/index.ts';
import { registerStageRoutes } from './stage-routes.ts';
import { StageService } from './stage-service.ts';

function stageServices(platform: Platform, { audit, chatChannels }: AuditServices & ChatServices & CatalogServices) {
  return {
    /** The event's one-page stage: settings and the page's configuration. */
    stage: new StageService(platform.database.db, chatChannels, audit, platform.realtime, platform.logger),
  };
}

export type StageServices = ReturnType<typeof stageServices> & CatalogServices;

/** The one-page stage (the original SimpleEventStage): a player with live chat, guests welcome. */
export const stageModule = defineModule({
  name: 'stage',
  needs: () => [auditModule, catalogModule, chatModule],
  services: stageServices,
  routes(app, _platform, services) {
    registerStageRoutes(app, services);
  },
});
