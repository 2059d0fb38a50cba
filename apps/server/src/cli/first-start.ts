import type { FastifyBaseLogger } from 'fastify';
import { users } from '../modules/identity/index.ts';
import type { Config } from '../platform/config/config.ts';
import type { Platform } from '../platform/platform.ts';
import { demoSeeders } from './demo-seeders.ts';

/**
 * The embedded first start: a server on an empty embedded (PGlite)
 * database seeds the demo data set, so a newcomer who runs `npm start`
 * sees events at once. Never on PostgreSQL or `memory://`, never on a
 * database that has any account, never with `FOYER_DEMO=false`. Answers whether it seeded.
 */
export async function seedDemoOnFirstStart(
  platform: Platform,
  config: Config,
  log: FastifyBaseLogger,
): Promise<boolean> {
  const embedded = config.database.kind === 'pglite' && config.database.dataDir !== null; // not memory://
  if (!config.demoOnFirstStart || !embedded || platform.role === 'worker') return false;
  const [anyone] = await platform.database.db.select({ id: users.id }).from(users).limit(1);
  if (anyone) return false;
  log.info('empty embedded database: seeding the demo data set (FOYER_DEMO=false turns this off)');
  for (const seeder of demoSeeders) {
    const summary = await seeder.run(platform);
    // On the console too: the demo admin's password is shown this one time.
    console.log(`[demo] ${seeder.name}: ${summary}`);
  }
  return true;
}
