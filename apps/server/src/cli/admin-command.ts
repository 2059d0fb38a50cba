import { identityModule } from '../modules/identity/index.ts';
import { modules } from '../modules/index.ts';
import type { Config } from '../platform/config/config.ts';
import { servicesOf } from '../platform/module.ts';
import { Platform } from '../platform/platform.ts';

/** `foyer admin create --email … [--name …] [--password …]`: creates or promotes a platform admin. */
export async function runAdminCommand(
  config: Config,
  sub: string | undefined,
  options: { email: string | undefined; name: string | undefined; password: string | undefined },
): Promise<number> {
  if (sub !== 'create' || !options.email) {
    console.error('Usage: foyer admin create --email EMAIL [--name NAME] [--password PASSWORD]');
    return 2;
  }
  const platform = new Platform({ ...config, logLevel: 'warn' }, { role: 'api', modules });
  await platform.start();
  try {
    const { user, password, created } = await servicesOf(platform, identityModule).identity.createAdmin(
      options.email,
      options.name ?? 'Administrator',
      options.password,
    );
    console.log(`${created ? 'Created' : 'Promoted'} platform admin ${user.email} (${user.id}).`);
    if (!options.password) console.log(`Password (shown once): ${password}`);
    return 0;
  } catch (err) {
    console.error((err as Error).message);
    return 1;
  } finally {
    await platform.stop();
  }
}

/** `foyer keys rotate|list`: signing keys of access tokens. */
export async function runKeysCommand(config: Config, sub: string | undefined): Promise<number> {
  const platform = new Platform({ ...config, logLevel: 'warn' }, { role: 'api', modules });
  await platform.start();
  try {
    const keys = servicesOf(platform, identityModule).signingKeys;
    if (sub === 'rotate') {
      await keys.start();
      const kid = await keys.rotate();
      console.log(`New signing key ${kid}; the previous one stays published until its tokens have expired.`);
    } else {
      await keys.start();
      for (const k of await keys.list())
        console.log(`${k.kid}  ${k.retiredAt ? `retired ${k.retiredAt.toISOString()}` : 'active'}`);
    }
    return 0;
  } finally {
    await platform.stop();
  }
}
