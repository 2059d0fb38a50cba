import { afterAll, describe, expect, it } from 'vitest';
import { testConfig } from '../config/config.ts';
import { Platform } from '../platform.ts';
import { type ServerProcess, startServerProcess } from '../testing/server-process.ts';
import { createTestDatabase, onRealPostgres, type TestDatabase } from '../testing/test-database.ts';
import { checkSecretFingerprint, SecretMismatchError, secretFingerprint } from './secret-fingerprint.ts';

const SECRET_A = 'first-secret-of-this-deployment-0123456789';
const SECRET_B = 'another-secret-someone-typed-0123456789abc';

describe('the secret fingerprint', () => {
  it('is stable per secret, differs between secrets and does not contain the secret', () => {
    expect(secretFingerprint(SECRET_A)).toBe(secretFingerprint(SECRET_A));
    expect(secretFingerprint(SECRET_A)).not.toBe(secretFingerprint(SECRET_B));
    expect(secretFingerprint(SECRET_A)).toMatch(/^[0-9a-f]{32}$/);
  });

  it('is recorded at first start, matches on the next, and a platform with another secret refuses to start', async () => {
    const database = await createTestDatabase({ persistent: true });
    try {
      const first = new Platform(testConfig({ ...database.env, FOYER_SECRET: SECRET_A }));
      await first.start();
      const read = await checkSecretFingerprint(first.database.sql, secretFingerprint(SECRET_A), { record: false });
      expect(read.state).toBe('matches');
      const other = await checkSecretFingerprint(first.database.sql, secretFingerprint(SECRET_B), { record: false });
      expect(other).toMatchObject({ state: 'differs', expected: secretFingerprint(SECRET_A) });
      await first.stop();

      const wrong = new Platform(testConfig({ ...database.env, FOYER_SECRET: SECRET_B }));
      const refused = await wrong.start().then(
        () => null,
        (err: unknown) => err,
      );
      expect(refused).toBeInstanceOf(SecretMismatchError);
      // It never got as far as the job queue.
      expect(wrong.jobs).toBeUndefined();
      await wrong.stop();

      const again = new Platform(testConfig({ ...database.env, FOYER_SECRET: SECRET_A }));
      await again.start();
      await again.stop();
    } finally {
      await database.drop();
    }
  }, 60_000);
});

describe('two processes with different secrets on one database', () => {
  let database: TestDatabase | undefined;
  let running: ServerProcess | undefined;
  afterAll(async () => {
    await running?.stop('SIGKILL');
    await database?.drop();
  });

  it('the second refuses to start with one sentence and exit code 78, before working any job', async () => {
    database = await createTestDatabase({ persistent: true });
    const env = { ...database.env, LOG_LEVEL: 'info' };
    running = await startServerProcess({ env: { ...env, FOYER_SECRET: SECRET_A } });
    // PGlite is single-process: there the first must stop before the second can open the database.
    if (!onRealPostgres) await running.stop();

    const second = await startServerProcess({ env: { ...env, FOYER_SECRET: SECRET_B }, waitReady: false });
    const code = await second.exited;
    const output = second.output();
    expect(code).toBe(78);
    const sentence = output
      .split('\n')
      .filter((line) => line.trim() && !line.startsWith('{'))
      .join('\n');
    expect(sentence).toMatch(/^FOYER_SECRET is not the secret this database was set up with .*\.$/);
    expect(sentence).not.toMatch(/\n|\bat .*:\d+:\d+/); // one line, no stack trace
    expect(output).not.toContain('platform started');
    expect(output).not.toMatch(/"msg":"job /);

    if (onRealPostgres) {
      // The process with the right secret is untouched.
      expect((await fetch(`${running.url}/readyz`)).status).toBe(200);
    }
  }, 120_000);
});
