import type { FastifyInstance } from 'fastify';
import { SMTPServer } from 'smtp-server';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { buildApp } from '../../app.ts';
import { testConfig } from '../config/config.ts';
import { freePort, type ServerProcess, startServerProcess } from '../testing/server-process.ts';
import { createTestDatabase, onRealPostgres, type TestDatabase } from '../testing/test-database.ts';

/**
 * A worker is SIGKILLed while it is in the middle of an SMTP conversation.
 * Its delivery job stays `active` in pg-boss until it expires; the mail
 * queue's expiry fits one SMTP attempt (seconds, not pg-boss's 15 minutes),
 * so after a restart every message goes out within a minute — each exactly
 * once.
 */

const MESSAGES = 20;

describe.runIf(onRealPostgres)('mail after a killed worker', () => {
  let database: TestDatabase;
  let api: FastifyInstance;
  let smtp: SMTPServer;
  let smtpPort: number;
  let worker: ServerProcess | null = null;
  const accepted = new Map<string, number>();
  // While holding, no DATA is acknowledged: the kill then lands while deliveries are mid-conversation,
  // never between an acknowledgement and its commit (the one window where SMTP cannot be exactly once).
  let holding = true;
  const held: (() => void)[] = [];

  beforeAll(async () => {
    database = await createTestDatabase();
    smtpPort = await freePort();
    smtp = new SMTPServer({
      authOptional: true,
      disabledCommands: ['STARTTLS'],
      logger: false,
      onData(stream, _session, callback) {
        let raw = '';
        stream.on('data', (d: Buffer) => {
          raw += d.toString();
        });
        stream.on('end', () => {
          const subject = /^Subject: (.+)$/m.exec(raw)?.[1]?.trim() ?? '?';
          if (holding) {
            held.push(() => callback(new Error('connection gone')));
            return;
          }
          accepted.set(subject, (accepted.get(subject) ?? 0) + 1);
          callback();
        });
      },
    });
    await new Promise<void>((r) => smtp.listen(smtpPort, '127.0.0.1', r));
    // An API process: it queues mail, a worker process delivers it.
    api = await buildApp(testConfig({ ...database.env }), { role: 'api' });
  }, 60_000);

  afterAll(async () => {
    await worker?.stop('SIGKILL').catch(() => {});
    await api?.close();
    await new Promise((r) => smtp?.close(() => r(null)));
    await database?.drop();
  });

  const workerEnv = () => ({
    ...database.env,
    SMTP_URL: `smtp://127.0.0.1:${smtpPort}?ignoreTLS=true`,
    FOYER_SECRET: api.platform.config.secret ?? '',
    MAIL_RETRY_DELAY_SECONDS: '1',
    OUTBOX_POLL_INTERVAL_MS: '50',
    LOG_LEVEL: 'warn',
  });

  it('delivers every message within a minute of the restart, each exactly once', async () => {
    worker = await startServerProcess({ env: workerEnv(), args: ['worker'] });
    for (let i = 0; i < MESSAGES; i++) {
      await api.platform.mail.send({ to: `guest${i}@example.org`, subject: `kill-test ${i}`, text: `message ${i}` });
    }
    // Wait until a delivery is mid-conversation (its DATA is held), then kill the worker.
    const deadline = Date.now() + 30_000;
    while (held.length === 0 && Date.now() < deadline) await new Promise((r) => setTimeout(r, 50));
    expect(held.length).toBeGreaterThan(0);
    // Let deliveries acknowledged before the hold commit.
    await new Promise((r) => setTimeout(r, 1_000));
    worker.child.kill('SIGKILL');
    await worker.exited;
    holding = false;
    for (const release of held) release();

    const restarted = Date.now();
    worker = await startServerProcess({ env: workerEnv(), args: ['worker'] });
    while (accepted.size < MESSAGES && Date.now() - restarted < 60_000) await new Promise((r) => setTimeout(r, 200));
    const seconds = (Date.now() - restarted) / 1000;
    expect(accepted.size, `${accepted.size}/${MESSAGES} delivered ${seconds.toFixed(1)} s after the restart`).toBe(
      MESSAGES,
    );
    expect(seconds).toBeLessThan(60);
    // A little longer: nothing arrives twice.
    await new Promise((r) => setTimeout(r, 3_000));
    expect(
      [...accepted.values()].every((n) => n === 1),
      JSON.stringify([...accepted]),
    ).toBe(true);
  }, 150_000);
});
