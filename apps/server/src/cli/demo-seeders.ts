import type { Platform } from '../platform/platform.ts';

/** A module's contribution to the demo data set. */
export interface DemoSeeder {
  name: string;
  /** Creates or updates the module's demo data; answers a one-line summary. */
  run(platform: Platform): Promise<string>;
}

/** Modules append their seeders here, in dependency order (organisations before events). */
export const demoSeeders: DemoSeeder[] = [];
