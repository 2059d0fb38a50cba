import fs from 'node:fs';
import path from 'node:path';
import type { VersionInfo } from '@foyer/contracts';
import { REPO_ROOT } from '../config/config.ts';
import type { Platform } from '../platform.ts';

const startedAt = new Date().toISOString();

/** The release version, from the root package.json. */
export const FOYER_VERSION: string = (
  JSON.parse(fs.readFileSync(path.join(REPO_ROOT, 'package.json'), 'utf8')) as { version: string }
).version;

/** What this instance runs: version and the kind of each backing service. */
export function versionInfo(platform: Platform): VersionInfo {
  return {
    name: 'foyer',
    version: FOYER_VERSION,
    apiVersion: 'v1',
    commit: platform.config.commit,
    node: process.version,
    database: platform.database.kind,
    pubsub: platform.pubsub.kind,
    mail: platform.mail.kind,
    startedAt,
  };
}
