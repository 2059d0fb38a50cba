import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { loadConfig } from '../config/config.ts';
import { createLogger } from '../logger.ts';
import { resolveRootSecret } from './root-secret.ts';

const logger = createLogger({ logLevel: 'silent' });

describe('root secret', () => {
  it('uses FOYER_SECRET when set', () => {
    const secret = 'x'.repeat(40);
    expect(resolveRootSecret(loadConfig({ FOYER_SECRET: secret }), logger)).toBe(secret);
  });

  it('refuses a short FOYER_SECRET', () => {
    expect(() => loadConfig({ FOYER_SECRET: 'short' })).toThrow(/FOYER_SECRET/);
  });

  it('generates one secret for the embedded default, keeps it private in the data directory, and reuses it', () => {
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'foyer-secret-'));
    const config = loadConfig({ FOYER_DATA_DIR: dir });
    const first = resolveRootSecret(config, logger);
    expect(first.length).toBeGreaterThanOrEqual(48);
    const file = path.join(dir, 'secret');
    expect(fs.statSync(file).mode & 0o777).toBe(0o600);
    expect(resolveRootSecret(config, logger)).toBe(first);
    fs.rmSync(dir, { recursive: true, force: true });
  });

  it('keeps an in-memory database’s secret in memory only', () => {
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'foyer-secret-'));
    const secret = resolveRootSecret(loadConfig({ FOYER_DATA_DIR: dir, DATABASE_URL: 'memory://' }), logger);
    expect(secret.length).toBeGreaterThan(32);
    expect(fs.existsSync(path.join(dir, 'secret'))).toBe(false);
  });
});
