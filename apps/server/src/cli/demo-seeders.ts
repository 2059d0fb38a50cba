import { servicesOf } from '../modules/services.ts';
import type { Platform } from '../platform/platform.ts';

/** A module's contribution to the demo data set. */
export interface DemoSeeder {
  name: string;
  /** Creates or updates the module's demo data; answers a one-line summary. */
  run(platform: Platform): Promise<string>;
}

export const DEMO_ADMIN_EMAIL = 'admin@demo.foyer.local';

/** The demo platform admin: created once, its generated password printed that one time. */
const demoAdmin: DemoSeeder = {
  name: 'platform admin',
  async run(platform) {
    const { identity, users } = servicesOf(platform);
    if (await users.byEmail(platform.database.db, DEMO_ADMIN_EMAIL)) {
      return `${DEMO_ADMIN_EMAIL} exists already (its password was printed when it was created; reset it with "foyer admin create --email ${DEMO_ADMIN_EMAIL}")`;
    }
    const { password } = await identity.createAdmin(DEMO_ADMIN_EMAIL, 'Demo Admin');
    return `created ${DEMO_ADMIN_EMAIL} with password ${password} (shown once)`;
  },
};

/** Modules append their seeders here, in dependency order (people before organisations before events). */
export const demoSeeders: DemoSeeder[] = [demoAdmin];
