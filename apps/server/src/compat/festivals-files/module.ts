import type { FoyerModule } from '../../platform/module.ts';
import { registerFestivalsFilesRoutes } from './festivals-files-routes.ts';

/** The FestivalsApp file server's protocol under /compat/festivals/files, over the media module. */
export const festivalsFilesCompat: FoyerModule = {
  name: 'compat-festivals-files',
  routes: registerFestivalsFilesRoutes,
};
