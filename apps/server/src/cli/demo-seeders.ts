import fs from 'node:fs/promises';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { catalogModule, eventFileErrorsOf } from '../modules/catalog/index.ts';
import { identityModule } from '../modules/identity/index.ts';
import { organizationsModule } from '../modules/organizations/index.ts';
import { servicesOf } from '../platform/module.ts';
import type { Platform } from '../platform/platform.ts';
import { CLI_ACTOR, describeApply } from './event-file-commands.ts';

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
    const { identity, users } = servicesOf(platform, identityModule);
    if (await users.byEmail(platform.database.db, DEMO_ADMIN_EMAIL)) {
      return `${DEMO_ADMIN_EMAIL} exists already (its password was printed when it was created; reset it with "foyer admin create --email ${DEMO_ADMIN_EMAIL}")`;
    }
    const { password } = await identity.createAdmin(DEMO_ADMIN_EMAIL, 'Demo Admin');
    return `created ${DEMO_ADMIN_EMAIL} with password ${password} (shown once)`;
  },
};

export const DEMO_ORG_SLUG = 'demo';
/** The demo events, one event file each (applied in file-name order). */
export const DEMO_EVENTS_DIR = fileURLToPath(new URL('../../seeds/demo/', import.meta.url));

/** Every demo event file: its name and text. */
export async function demoEventFiles(): Promise<{ name: string; text: string }[]> {
  const names = (await fs.readdir(DEMO_EVENTS_DIR)).filter((n) => n.endsWith('.yaml')).sort();
  return Promise.all(
    names.map(async (name) => ({ name, text: await fs.readFile(path.join(DEMO_EVENTS_DIR, name), 'utf8') })),
  );
}

/** The demo organization (owned by the demo admin) with the demo events applied: published and public. */
const demoEvents: DemoSeeder = {
  name: 'demo events',
  async run(platform) {
    const s = {
      ...servicesOf(platform, catalogModule),
      ...servicesOf(platform, identityModule),
      ...servicesOf(platform, organizationsModule),
    };
    let orgId = await s.eventFiles.organizationIdBySlug(DEMO_ORG_SLUG);
    if (!orgId) {
      const admin = await s.users.byEmail(platform.database.db, DEMO_ADMIN_EMAIL);
      if (!admin) throw new Error(`The demo organization needs its owner ${DEMO_ADMIN_EMAIL} (seeded first).`);
      const org = await s.organizations.create(
        { kind: 'user', userId: admin.id, sessionId: '', platformRole: 'admin', emailVerified: true },
        { name: 'Foyer Demo', slug: DEMO_ORG_SLUG },
        { ip: null, userAgent: null },
      );
      orgId = org.id;
    }
    const lines: string[] = [];
    for (const { name, text } of await demoEventFiles()) {
      try {
        lines.push(describeApply(await s.eventFiles.apply(orgId, s.eventFiles.parse(text), CLI_ACTOR, null), 'demo'));
      } catch (err) {
        const errors = eventFileErrorsOf(err);
        if (!errors) throw err;
        throw new Error(errors.map((e) => `${name}:${e.line}:${e.column} ${e.path}: ${e.message}`).join('\n'));
      }
    }
    return `organization "${DEMO_ORG_SLUG}"\n  ${lines.join('\n  ')}`;
  },
};

/** Modules append their seeders here, in dependency order (people before organisations before events). */
export const demoSeeders: DemoSeeder[] = [demoAdmin, demoEvents];
