import { spawn } from 'node:child_process';
import path from 'node:path';
import { eq } from 'drizzle-orm';
import { afterAll, describe, expect, it } from 'vitest';
import { REPO_ROOT, testConfig } from '../config/config.ts';
import { Platform } from '../platform.ts';
import { registerReceiptHandler } from '../testing/fixtures/receipt-handler.ts';
import { eventually } from '../testing/test-app.ts';
import { createTestDatabase, type TestDatabase } from '../testing/test-database.ts';
import { processedDomainEvents } from './schema.ts';

const fixture = path.join(REPO_ROOT, 'apps/server/src/platform/testing/fixtures/record-then-hang.ts');

let database: TestDatabase | undefined;
let platform: Platform | undefined;
afterAll(async () => {
  await platform?.stop();
  await database?.drop();
});

/** Starts the fixture, waits for it to record the event, then SIGKILLs it. */
async function recordAndKill(databaseEnv: TestDatabase['env'], orderId: string): Promise<string> {
  // `node --import tsx` so SIGKILL hits the process that recorded the event, not a wrapper.
  const child = spawn(process.execPath, ['--import', 'tsx', fixture, orderId], {
    // The secret the test's own platform uses: a process with another one is refused (fingerprint).
    env: {
      ...process.env,
      ...databaseEnv,
      LOG_LEVEL: 'silent',
      NODE_ENV: 'test',
      FOYER_SECRET: testConfig().secret!,
    },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let stderr = '';
  child.stderr.on('data', (d) => {
    stderr += d;
  });
  const eventId = await new Promise<string>((resolve, reject) => {
    const timer = setTimeout(() => reject(new Error(`fixture did not record in time: ${stderr}`)), 60_000);
    child.stdout.on('data', (d: Buffer) => {
      const m = /RECORDED (\S+)/.exec(String(d));
      if (m) {
        clearTimeout(timer);
        resolve(m[1]!);
      }
    });
    child.on('exit', (code) => reject(new Error(`fixture exited (${code}) early: ${stderr}`)));
  });
  const exited = new Promise((r) => child.on('exit', r));
  child.kill('SIGKILL');
  await exited;
  return eventId;
}

describe('an event recorded just before the process is killed', () => {
  it('is handled exactly once after restart', async () => {
    database = await createTestDatabase({ persistent: true });
    const eventId = await recordAndKill(database.env, 'crash-1');

    platform = new Platform(testConfig({ ...database.env }), { configure: registerReceiptHandler });
    await platform.start();
    const { db } = platform.database;
    const receipts = async () =>
      (await platform!.mail.list({ to: 'payer@example.org' })).filter((m) => m.subject === 'Receipt crash-1');
    await eventually(async () => (await receipts()).length > 0, 30_000);
    // Let any duplicate delivery have its chance before counting.
    await new Promise((r) => setTimeout(r, 3000));
    const mails = await receipts();
    expect(mails).toHaveLength(1);
    expect(mails[0]!.text).toBe(`Event ${eventId}`);
    const markers = await db.select().from(processedDomainEvents).where(eq(processedDomainEvents.eventId, eventId));
    expect(markers).toHaveLength(1);
    expect(await platform.dispatcher.backlog()).toBe(0);
  });
});
