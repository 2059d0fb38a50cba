import { afterAll, describe, expect, it } from 'vitest';
import { testConfig } from '../platform/config/config.ts';
import { Platform } from '../platform/platform.ts';
import { freePort } from '../platform/testing/server-process.ts';
import { createTestDatabase, onRealPostgres, redisUrl, type TestDatabase } from '../platform/testing/test-database.ts';
import { diagnose, type Finding } from './doctor-command.ts';

const SECRET = 'doctor-test-secret-0123456789abcdefghijkl';
const failures = (findings: Finding[]) => findings.filter((f) => f.level === 'fail').map((f) => f.sentence);
/** The direct-URL check's failures only (the platforms of the test before run without Redis). */
const directFailures = (findings: Finding[]) => failures(findings.filter((f) => f.check === 'database-direct'));
const oneSentence = (s: string) => expect(s).toMatch(/^[A-Z"][^\n]*[.]$/);

describe('foyer doctor', () => {
  it('says in one sentence that the database cannot be reached', async () => {
    const port = await freePort();
    const findings = await diagnose(
      testConfig({ DATABASE_URL: `postgres://foyer@127.0.0.1:${port}/foyer`, FOYER_SECRET: SECRET }),
      {
        FOYER_SECRET: SECRET,
        PUBLIC_URL: 'https://events.example.org',
      },
    );
    const [sentence, ...rest] = failures(findings);
    expect(rest).toEqual([]);
    expect(sentence).toMatch(/^The database at 127\.0\.0\.1:\d+\/foyer cannot be reached \(ECONNREFUSED\)/);
    oneSentence(sentence!);
  });

  it('says Redis cannot be reached', async () => {
    const port = await freePort();
    const findings = await diagnose(testConfig({ REDIS_URL: `redis://127.0.0.1:${port}` }), {});
    expect(failures(findings)).toEqual([
      `Redis at 127.0.0.1:${port} cannot be reached (ECONNREFUSED): check REDIS_URL; without it processes cannot exchange pub/sub messages.`,
    ]);
  });

  it('says an S3 endpoint cannot be reached', async () => {
    const port = await freePort();
    const findings = await diagnose(testConfig(), { S3_ENDPOINT: `http://127.0.0.1:${port}`, S3_BUCKET: 'foyer' });
    expect(failures(findings)).toEqual([
      `The S3 endpoint http://127.0.0.1:${port} cannot be reached (ECONNREFUSED): check S3_ENDPOINT.`,
    ]);
  });

  // A real S3-protocol server (CI starts one for the storage suite and names it in S3_TEST_ENDPOINT).
  it.runIf(process.env.S3_TEST_ENDPOINT)('says a bucket does not exist', async () => {
    const endpoint = process.env.S3_TEST_ENDPOINT!;
    const findings = await diagnose(testConfig(), { S3_ENDPOINT: endpoint, S3_BUCKET: 'no-such-bucket-for-doctor' });
    const [sentence] = failures(findings);
    expect(sentence).toBe(
      `The bucket "no-such-bucket-for-doctor" does not exist at ${new URL(endpoint).origin}: create it, or fix S3_BUCKET.`,
    );
  });

  describe.runIf(onRealPostgres)('on PostgreSQL', () => {
    let database: TestDatabase | undefined;
    const platforms: Platform[] = [];
    afterAll(async () => {
      for (const p of platforms) await p.stop();
      await database?.drop();
    });

    it('finds all well, then a wrong secret, then Redis missing with several processes — one sentence each', async () => {
      database = await createTestDatabase();
      const env = { ...database.env, FOYER_SECRET: SECRET, PUBLIC_URL: 'https://events.example.org' };
      for (let i = 0; i < 2; i++) {
        const p = new Platform(testConfig({ ...env, REDIS_URL: undefined }), { role: 'api' });
        await p.start();
        platforms.push(p);
      }
      const good = await diagnose(testConfig({ ...env, REDIS_URL: redisUrl ?? undefined }), env);
      if (redisUrl) {
        expect(failures(good)).toEqual([]);
        expect(good.map((f) => f.sentence)).toContain('FOYER_SECRET matches the fingerprint recorded in the database.');
      }

      const wrong = 'someone-else-s-secret-0123456789abcdefghij';
      const bad = failures(
        await diagnose(testConfig({ ...env, FOYER_SECRET: wrong, REDIS_URL: redisUrl ?? undefined }), env),
      );
      expect(bad).toHaveLength(1);
      expect(bad[0]).toMatch(
        /^FOYER_SECRET is not the secret this database was set up with \(fingerprint [0-9a-f]{12}…, the database expects [0-9a-f]{12}…\)/,
      );
      oneSentence(bad[0]!);

      const noRedis = failures(await diagnose(testConfig({ ...env, REDIS_URL: undefined }), env));
      expect(noRedis).toHaveLength(1);
      expect(noRedis[0]).toMatch(
        /^REDIS_URL is not set, but 2 Foyer processes use this database \(foyer\/api\/.+, foyer\/api\/.+\): without Redis/,
      );
      oneSentence(noRedis[0]!);
    }, 60_000);

    it('finds a DATABASE_DIRECT_URL that is unreachable or names another database — one sentence each', async () => {
      const env = { ...database!.env, FOYER_SECRET: SECRET, PUBLIC_URL: 'https://events.example.org' };
      const direct = (pathname: string, port?: number) => {
        const u = new URL(database!.directUrl ?? database!.url);
        u.pathname = pathname;
        if (port) u.port = String(port);
        return u.toString();
      };
      // A query parameter keeps it distinct from DATABASE_URL when the tests run without PgBouncer.
      const same = `${direct(new URL(database!.url).pathname)}?application_name=direct`;
      const ok = await diagnose(testConfig({ ...env, DATABASE_DIRECT_URL: same }), env);
      expect(ok.find((f) => f.check === 'database-direct')?.level).toBe('ok');

      const other = directFailures(
        await diagnose(testConfig({ ...env, DATABASE_DIRECT_URL: direct('/postgres') }), env),
      );
      expect(other).toHaveLength(1);
      expect(other[0]).toMatch(
        /^DATABASE_DIRECT_URL names the database "postgres" but DATABASE_URL reaches "foyer_test_/,
      );
      oneSentence(other[0]!);

      const port = await freePort();
      const unreachable = directFailures(
        await diagnose(testConfig({ ...env, DATABASE_DIRECT_URL: direct('/foyer', port) }), env),
      );
      expect(unreachable).toHaveLength(1);
      expect(unreachable[0]).toMatch(/^The direct database connection at 127\.0\.0\.1:\d+\/foyer cannot be reached/);
      oneSentence(unreachable[0]!);
    }, 60_000);
  });
});
