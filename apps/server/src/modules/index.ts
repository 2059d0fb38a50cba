import { colanderCompat } from '../compat/colander/module.ts';
import { festivalsFilesCompat } from '../compat/festivals-files/module.ts';
import type { AnyFoyerModule } from '../platform/module.ts';
import { auditModule } from './audit/index.ts';
import { catalogModule } from './catalog/index.ts';
import { certificatesModule } from './certificates/index.ts';
import { chatModule } from './chat/index.ts';
import { emailModule } from './email/index.ts';
import { identityModule } from './identity/index.ts';
import { mediaModule } from './media/index.ts';
import { notificationsModule } from './notifications/index.ts';
import { organizationsModule } from './organizations/index.ts';
import { registrationModule } from './registration/index.ts';
import { schedulingModule } from './scheduling/index.ts';
import { stageModule } from './stage/index.ts';

/**
 * Every domain module of Foyer, and the adapters that speak an original
 * system's protocol over them (`src/compat/`). The process builds them in dependency
 * order (each module names what it needs); this order is kept where the
 * graph allows, and decides the order of routes and handlers.
 */
export const modules: readonly AnyFoyerModule[] = [
  auditModule,
  identityModule,
  emailModule,
  organizationsModule,
  catalogModule,
  registrationModule,
  notificationsModule,
  certificatesModule,
  mediaModule,
  festivalsFilesCompat,
  schedulingModule,
  chatModule,
  stageModule,
  colanderCompat,
];
