import { spawn } from 'node:child_process';
import fs from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { REPO_ROOT } from '../platform/config/config.ts';
import { startServerProcess } from '../platform/testing/server-process.ts';

const BIN = path.join(REPO_ROOT, 'apps/server/bin/foyer.mjs');
let dir: string;

beforeAll(async () => {
  dir = await fs.mkdtemp(path.join(os.tmpdir(), 'foyer-event-file-cli-'));
});
afterAll(async () => {
  if (dir) await fs.rm(dir, { recursive: true, force: true });
});

/** Runs the real `foyer` binary on a PGlite database in `dir`. */
function foyer(args: string[], dataDir = 'db'): Promise<{ code: number | null; stdout: string; stderr: string }> {
  return new Promise((resolve) => {
    const child = spawn(process.execPath, [BIN, ...args], {
      env: {
        ...process.env,
        DATABASE_URL: `pglite://${path.join(dir, dataDir)}`,
        FOYER_DATA_DIR: dir,
        FOYER_SECRET: 'cli-test-secret-not-for-production-0123456789',
        REDIS_URL: '',
        LOG_LEVEL: 'warn',
      },
      cwd: dir,
    });
    let stdout = '';
    let stderr = '';
    child.stdout.on('data', (d) => {
      stdout += d;
    });
    child.stderr.on('data', (d) => {
      stderr += d;
    });
    child.on('exit', (code) => resolve({ code, stdout, stderr }));
  });
}

describe('foyer export | apply | destroy (the real CLI)', () => {
  it('seeds the demo, exports, re-applies (no change), rejects a broken file by line, destroys', async () => {
    const seeded = await foyer(['seed', '--demo']);
    expect(seeded.code, seeded.stderr).toBe(0);
    expect(seeded.stdout).toContain('Created demo/riverside-sound-2027');

    const exported = await foyer(['export', 'demo/open-web-conf-2027']);
    expect(exported.code, exported.stderr).toBe(0);
    expect(exported.stdout).toMatch(/^# Foyer event file/);
    const file = path.join(dir, 'conf.yaml');
    await fs.writeFile(file, exported.stdout);

    const again = await foyer(['apply', '-f', file]);
    expect(again.code, again.stderr).toBe(0);
    expect(again.stdout).toContain('Unchanged demo/open-web-conf-2027');

    const broken = exported.stdout.replace('kind: keynote', 'kind: sermon');
    const lines = broken.split('\n');
    const line = lines.findIndex((l) => l.includes('kind: sermon')) + 1;
    const column = lines[line - 1]!.indexOf('sermon') + 1;
    await fs.writeFile(path.join(dir, 'broken.yaml'), broken);
    const rejected = await foyer(['apply', '-f', path.join(dir, 'broken.yaml'), '--org', 'demo']);
    expect(rejected.code).toBe(1);
    expect(rejected.stderr).toMatch(new RegExp(`broken\\.yaml:${line}:${column} sessions\\[\\d+\\]\\.kind: `));

    expect((await foyer(['destroy', 'demo/weather-station-workshop-2027'])).code).toBe(2);
    const destroyed = await foyer(['destroy', 'demo/weather-station-workshop-2027', '--yes']);
    expect(destroyed.code, destroyed.stderr).toBe(0);
    // Studio 2 is also the conference's room: it stays.
    expect(destroyed.stdout).toContain('Destroyed event weather-station-workshop-2027');
    expect(destroyed.stdout).toContain('tags Electronics');
    expect(destroyed.stdout).not.toContain('Studio 2');
    const gone = await foyer(['export', 'demo/weather-station-workshop-2027']);
    expect(gone.code).toBe(1);
    expect(gone.stdout).toBe('');
  }, 180_000);

  it('keeps stdout for the file: logs (here: the generated-secret warning) go to stderr', async () => {
    const res = await new Promise<{ stdout: string; stderr: string }>((resolve) => {
      const child = spawn(process.execPath, [BIN, 'export', 'nobody/nothing'], {
        env: {
          ...process.env,
          DATABASE_URL: `pglite://${path.join(dir, 'fresh')}`,
          FOYER_DATA_DIR: path.join(dir, 'fresh-data'),
          FOYER_SECRET: '',
          REDIS_URL: '',
        },
      });
      let stdout = '';
      let stderr = '';
      child.stdout.on('data', (d) => {
        stdout += d;
      });
      child.stderr.on('data', (d) => {
        stderr += d;
      });
      child.on('exit', () => resolve({ stdout, stderr }));
    });
    expect(res.stdout).toBe('');
    expect(res.stderr).toContain('FOYER_SECRET is not set');
  }, 180_000);

  it('seeds the demo when a server first starts on an empty embedded database, and only then', async () => {
    const env = {
      DATABASE_URL: `pglite://${path.join(dir, 'first-start')}`,
      FOYER_SECRET: 'cli-test-secret-not-for-production-0123456789',
      FOYER_DEMO: 'true',
      FOYER_WEB_DIST: path.join(dir, 'no-web'),
    };
    const first = await startServerProcess({ env });
    await first.stop();
    expect(first.output()).toContain('[demo] demo events: organization "demo"');
    const second = await startServerProcess({ env });
    await second.stop();
    expect(second.output()).not.toContain('[demo]');
  }, 180_000);
});
