import { modules } from '../modules/index.ts';
import type { Config } from '../platform/config/config.ts';
import { Platform } from '../platform/platform.ts';
import { demoSeeders } from './demo-seeders.ts';

/**
 * `foyer seed --demo`: runs every module's demo seeder in order. Seeders
 * are idempotent (matched by slug), so seeding twice changes nothing.
 */
export async function runSeedCommand(config: Config): Promise<number> {
  const platform = new Platform({ ...config, logLevel: 'warn' }, { role: 'api', modules });
  await platform.start();
  try {
    for (const seeder of demoSeeders) {
      const summary = await seeder.run(platform);
      console.log(`${seeder.name}: ${summary}`);
    }
  } finally {
    await platform.stop();
  }
  return 0;
}
