import type { Config } from '../platform/config/config.ts';
import { openDatabase } from '../platform/db/database.ts';
import { runMigrations } from '../platform/db/migrate.ts';
import { Platform } from '../platform/platform.ts';

/** `foyer migrate`: applies Foyer's migrations and installs the job queue's schema. */
export async function runMigrateCommand(config: Config): Promise<number> {
  const database = await openDatabase(config.database, { poolSize: 2 });
  try {
    const { applied, total } = await runMigrations(database);
    console.log(`Database migrations: ${applied} applied, ${total} in total.`);
  } finally {
    await database.close();
  }
  // Starting the platform as an API process installs pg-boss's schema and queues without working jobs.
  const platform = new Platform({ ...config, migrateOnStart: false, logLevel: 'warn' }, { role: 'api' });
  await platform.start();
  await platform.stop();
  console.log('Job queue schema and queues are in place.');
  return 0;
}
