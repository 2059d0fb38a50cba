import { randomBytes } from 'node:crypto';
import fs from 'node:fs';
import path from 'node:path';
import type { Logger } from 'pino';
import type { Config } from '../config/config.ts';

/**
 * The root secret everything else is derived from: `FOYER_SECRET` when set;
 * otherwise generated once and kept in `<FOYER_DATA_DIR>/secret` (mode 0600),
 * so the embedded default needs no setup. With an in-memory database it
 * lives as long as the process. Several nodes must share one FOYER_SECRET.
 */
export function resolveRootSecret(config: Config, logger: Logger): string {
  if (config.secret) return config.secret;
  if (config.database.kind === 'pglite' && config.database.dataDir === null) {
    return randomBytes(48).toString('base64url');
  }
  const file = path.join(config.dataDir, 'secret');
  if (fs.existsSync(file)) return fs.readFileSync(file, 'utf8').trim();
  fs.mkdirSync(config.dataDir, { recursive: true });
  const secret = randomBytes(48).toString('base64url');
  // `wx` fails if another process created it first; then use theirs.
  try {
    fs.writeFileSync(file, `${secret}\n`, { mode: 0o600, flag: 'wx' });
  } catch {
    return fs.readFileSync(file, 'utf8').trim();
  }
  logger.warn(
    { file },
    'FOYER_SECRET is not set: generated one and stored it in the data directory. Back it up; set FOYER_SECRET when running several nodes.',
  );
  return secret;
}
