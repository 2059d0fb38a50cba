import { mediaModule } from '../../modules/media/index.ts';
import { defineModule } from '../../platform/module.ts';
import { registerFestivalsFilesRoutes } from './festivals-files-routes.ts';

/** The FestivalsApp file server's protocol under /compat/festivals/files: an adapter over the media module. */
export const festivalsFilesCompat = defineModule({
  name: 'compat-festivals-files',
  needs: () => [mediaModule],
  services: () => ({}),
  routes: registerFestivalsFilesRoutes,
});
