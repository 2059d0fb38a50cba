import type { FastifyInstance } from 'fastify';
import { identityModule } from '../../apps/server/src/modules/identity/index.ts';
import { organizationsModule } from '../../apps/server/src/modules/organizations/index.ts';
import { servicesOf } from '../../apps/server/src/platform/module.ts';

/** A benchmark server's seed: a verified owner `bench@foyer.test`, acting as a signed-in user, and `bench-org`. */
export async function benchOrganization(app: FastifyInstance) {
  const { users } = servicesOf(app.platform, identityModule);
  const { organizations } = servicesOf(app.platform, organizationsModule);
  const owner = await users.insert(app.platform.database.db, {
    email: 'bench@foyer.test',
    name: 'Bench',
    passwordHash: null,
    verified: true,
    platformRole: 'user',
  });
  const actor = {
    kind: 'user' as const,
    userId: owner!.id,
    sessionId: '',
    platformRole: 'user' as const,
    emailVerified: true,
  };
  const org = await organizations.create(
    actor,
    { name: 'Bench Org', slug: 'bench-org' },
    { ip: null, userAgent: null },
  );
  return { actor, org };
}
