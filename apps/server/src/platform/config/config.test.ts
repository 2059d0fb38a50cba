import { spawnSync } from 'node:child_process';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { ConfigError, loadConfig, REPO_ROOT } from './config.ts';

describe('configuration', () => {
  it('has working defaults: embedded PGlite under ./data on port 3000', () => {
    const config = loadConfig({});
    expect(config.port).toBe(3000);
    expect(config.database).toEqual({ kind: 'pglite', dataDir: path.resolve('data/pglite') });
    expect(config.redisUrl).toBeNull();
    expect(config.smtpUrl).toBeNull();
    expect(config.metricsPort).toBeNull();
    expect(config.corsOrigins).toEqual([]);
  });

  it('reads PostgreSQL, memory and PGlite directory URLs', () => {
    expect(loadConfig({ DATABASE_URL: 'postgres://u@h:5432/db' }).database).toEqual({
      kind: 'postgres',
      url: 'postgres://u@h:5432/db',
      directUrl: null,
    });
    // Behind a transaction-pooling PgBouncer: session work (LISTEN, advisory locks) goes direct.
    expect(
      loadConfig({ DATABASE_URL: 'postgres://u@bouncer:6432/db', DATABASE_DIRECT_URL: 'postgres://u@h:5432/db' })
        .database,
    ).toEqual({ kind: 'postgres', url: 'postgres://u@bouncer:6432/db', directUrl: 'postgres://u@h:5432/db' });
    expect(loadConfig({ DATABASE_URL: 'memory://' }).database).toEqual({ kind: 'pglite', dataDir: null });
    expect(loadConfig({ DATABASE_URL: 'pglite:///tmp/x' }).database).toEqual({ kind: 'pglite', dataDir: '/tmp/x' });
  });

  it('reads the absolute session lifetime, 90 days unless set, and refuses one that is not whole days in range', () => {
    expect(loadConfig({}).sessionAbsoluteLifetimeDays).toBe(90);
    expect(loadConfig({ SESSION_ABSOLUTE_LIFETIME_DAYS: '14' }).sessionAbsoluteLifetimeDays).toBe(14);
    for (const wrong of ['0', '1.5', 'forever', '4000']) {
      expect(() => loadConfig({ SESSION_ABSOLUTE_LIFETIME_DAYS: wrong }), wrong).toThrow(ConfigError);
    }
  });

  it('treats empty variables as unset', () => {
    expect(loadConfig({ PORT: '', REDIS_URL: '' }).port).toBe(3000);
  });

  it('names every wrong variable and says why', () => {
    try {
      loadConfig({ PORT: 'abc', DATABASE_URL: 'mysql://x', METRICS_PORT: '70000', TRUST_PROXY: 'maybe' });
      expect.unreachable();
    } catch (err) {
      expect(err).toBeInstanceOf(ConfigError);
      const problems = (err as ConfigError).problems;
      expect(problems.map((p) => p.variable).sort()).toEqual(['DATABASE_URL', 'METRICS_PORT', 'PORT', 'TRUST_PROXY']);
      expect(problems.find((p) => p.variable === 'PORT')?.message).toContain('must be a number');
      expect(problems.find((p) => p.variable === 'PORT')?.message).toContain('"abc"');
    }
  });

  it('keeps files under FOYER_DATA_DIR/files, or in the S3 bucket the S3_* settings name', () => {
    expect(loadConfig({ FOYER_DATA_DIR: '/srv/foyer' }).storage).toEqual({ kind: 'local', dir: '/srv/foyer/files' });
    expect(
      loadConfig({
        S3_ENDPOINT: 'http://127.0.0.1:9000',
        S3_BUCKET: 'foyer-files',
        S3_ACCESS_KEY_ID: 'key',
        S3_SECRET_ACCESS_KEY: 'secret',
        S3_FORCE_PATH_STYLE: 'true',
      }).storage,
    ).toEqual({
      kind: 's3',
      endpoint: 'http://127.0.0.1:9000',
      region: 'us-east-1',
      bucket: 'foyer-files',
      accessKeyId: 'key',
      secretAccessKey: 'secret',
      forcePathStyle: true,
    });
    const problems = (env: Record<string, string>) => {
      try {
        loadConfig(env);
        return [];
      } catch (err) {
        return (err as ConfigError).problems.map((p) => p.variable);
      }
    };
    expect(problems({ S3_ENDPOINT: 'http://127.0.0.1:9000' })).toEqual(['S3_BUCKET']);
    expect(problems({ S3_BUCKET: 'ok-bucket', S3_ACCESS_KEY_ID: 'key' })).toEqual(['S3_SECRET_ACCESS_KEY']);
    expect(problems({ S3_BUCKET: 'Not_A_Bucket' })).toEqual(['S3_BUCKET']);
    expect(problems({ S3_BUCKET: 'ok-bucket', S3_ENDPOINT: 'not a url' })).toEqual(['S3_ENDPOINT']);
  });

  it('parses CORS origins', () => {
    expect(loadConfig({ CORS_ORIGINS: '*' }).corsOrigins).toBe('*');
    expect(loadConfig({ CORS_ORIGINS: 'https://a.example, https://b.example' }).corsOrigins).toEqual([
      'https://a.example',
      'https://b.example',
    ]);
  });

  it('makes the CLI print the wrong variable and exit non-zero', () => {
    const res = spawnSync(process.execPath, [path.join(REPO_ROOT, 'apps/server/bin/foyer.mjs'), 'serve'], {
      env: { ...process.env, PORT: 'abc', DATABASE_URL: 'memory://' },
      encoding: 'utf8',
      timeout: 30_000,
    });
    expect(res.status).not.toBe(0);
    expect(res.stderr).toContain('PORT');
    expect(res.stderr).toContain('must be a number');
  });
});
