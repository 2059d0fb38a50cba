// The scale-out proof (issue #18), run by .ci/scale-out.sh:
// real PostgreSQL + Redis, 2 api processes and 1 worker behind HAProxy on
// loopback, Prometheus scraping all three with deploy/prometheus's rules,
// Alertmanager sending to a webhook receiver here, an SMTP sink here.
//
//   A. mixed load (registrations, public reads); SIGKILL one api process,
//      start it again: every acknowledged registration is in the database.
//   R. rolling restart (SIGTERM api-1, start it, then api-2) under load:
//      zero failed requests.
//   B. SIGKILL the worker while it delivers mail; it stays down until
//      FoyerNoWorkerRunning reaches the webhook, then comes back: the alert
//      resolves and every registration's email arrives exactly once.
//   C. chat over WebSocket through HAProxy: readers on both api processes,
//      SIGKILL api-2 while messages are posted: its readers reconnect to
//      api-1 and resume; every reader ends with every message, in order,
//      once (./chat-phase.ts).
//
// Bounded: every wait has a deadline; everything started is stopped.
import { type ChildProcess, spawn } from 'node:child_process';
import { randomBytes, randomUUID } from 'node:crypto';
import fs from 'node:fs';
import http from 'node:http';
import os from 'node:os';
import path from 'node:path';
import pg from 'pg';
import { SMTPServer } from 'smtp-server';
import {
  freePort,
  type ServerProcess,
  startServerProcess,
} from '../../apps/server/src/platform/testing/server-process.ts';
import { type ChatPhaseResult, runChatPhase } from './chat-phase.ts';

const ROOT = path.resolve(import.meta.dirname, '../..');
const ADMIN_URL = process.env.SCALE_OUT_DATABASE_URL ?? 'postgres://postgres@127.0.0.1:5432/postgres';
const REDIS_URL = process.env.SCALE_OUT_REDIS_URL ?? 'redis://127.0.0.1:6379';
const CONCURRENCY = Number(process.env.SCALE_OUT_CONCURRENCY ?? 6);
const OUT = path.join(ROOT, 'artifacts/scale-out');
const tmp = fs.mkdtempSync(path.join(os.tmpdir(), 'foyer-scale-out-'));
const started = Date.now();
const t = () => `${((Date.now() - started) / 1000).toFixed(1)}s`;
const log = (msg: string) => console.log(`[${t()}] ${msg}`);
const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

async function until<T>(
  what: string,
  timeoutMs: number,
  check: () => Promise<T | null | undefined | false>,
): Promise<T> {
  const deadline = Date.now() + timeoutMs;
  while (Date.now() < deadline) {
    const v = await check().catch(() => null);
    if (v) return v;
    await sleep(250);
  }
  throw new Error(`timed out after ${timeoutMs} ms waiting for ${what}`);
}

const cleanups: (() => Promise<unknown> | unknown)[] = [];
/** Set once stopping begins: nothing new is started after it (main() may still be running). */
let stopping = false;
async function cleanup(): Promise<void> {
  stopping = true;
  // splice: a second call (a signal during the first) finds nothing left to do twice. Each step is
  // bounded, so a server that will not close (a keep-alive client) cannot keep the database from being dropped.
  for (const c of cleanups.splice(0).reverse()) {
    await Promise.race([Promise.resolve(c()).catch(() => {}), sleep(5_000)]);
  }
}

// ---------------------------------------------------------------- the SMTP sink
/** Messages received per recipient. A message counts once the sink has answered 250, as a real MTA. */
const received = new Map<string, number>();
/** Acceptances per Foyer mail id (the X-Foyer-Mail-Id header): tells a re-send of one message from two messages. */
const receivedIds = new Map<string, number>();
let sinkDelayMs = 0;
/** DATA received and not yet answered: a worker killed now never gets its 250 and must send again. */
let sinkInFlight = 0;
/** Deliveries whose client went away before the 250: not counted, the outbox must send them again. */
let sinkCutOff = 0;
/** SMTP sessions whose client went away: what they were sending never got its 250, so it does not count. */
const closedSessions = new Set<string>();
const smtp = new SMTPServer({
  authOptional: true,
  disabledCommands: ['STARTTLS', 'AUTH'],
  logger: false,
  onClose(session) {
    closedSessions.add(session.id);
  },
  onData(stream, session, callback) {
    const chunks: Buffer[] = [];
    stream.on('data', (d: Buffer) => chunks.push(d));
    stream.on('end', () => {
      const raw = Buffer.concat(chunks).toString('latin1');
      const head = raw.slice(0, raw.search(/\r?\n\r?\n/) >>> 0);
      const mailId = /^x-foyer-mail-id:\s*(\S+)/im.exec(head)?.[1];
      const rcpts = session.envelope.rcptTo.map((r) => r.address.toLowerCase());
      sinkInFlight++;
      // A slow server: a worker killed during this wait never got its 250, and must send again.
      setTimeout(() => {
        sinkInFlight--;
        if (closedSessions.has(session.id)) {
          sinkCutOff++;
          return;
        }
        for (const rcpt of rcpts) received.set(rcpt, (received.get(rcpt) ?? 0) + 1);
        if (mailId) receivedIds.set(mailId, (receivedIds.get(mailId) ?? 0) + 1);
        callback();
      }, sinkDelayMs);
    });
  },
});

// ---------------------------------------------------------------- the alert webhook
const alerts: { at: number; status: string; alertname: string }[] = [];
const webhook = http.createServer((req, res) => {
  let body = '';
  req.on('data', (d) => {
    body += d;
  });
  req.on('end', () => {
    try {
      const msg = JSON.parse(body) as { alerts: { status: string; labels: { alertname: string } }[] };
      for (const a of msg.alerts) alerts.push({ at: Date.now(), status: a.status, alertname: a.labels.alertname });
    } catch {}
    res.end('ok');
  });
});

function spawnTool(name: string, cmd: string, args: string[]): ChildProcess {
  if (stopping) throw new Error(`not starting ${name}: stopping`);
  const out = fs.openSync(path.join(OUT, `${name}.log`), 'w');
  const child = spawn(cmd, args, { stdio: ['ignore', out, out] });
  cleanups.push(async () => {
    if (child.exitCode === null) {
      child.kill('SIGTERM');
      await new Promise((r) => child.once('exit', r));
    }
  });
  return child;
}

// ---------------------------------------------------------------- load
interface Tally {
  sent: number;
  ok: number;
  failed: number;
  lastFailureAt: number;
  failures: string[];
}
const newTally = (): Tally => ({ sent: 0, ok: 0, failed: 0, lastFailureAt: 0, failures: [] });
/** Every registration the balancer acknowledged with 201: its id and guest email. */
const acknowledged: { id: string; email: string }[] = [];
let guestSeq = 0;

/**
 * Guests register from many addresses, as in a real rush: Foyer limits
 * guest registrations per client address. Every 127.0.0.0/8 address is
 * the loopback on Linux, so each can be a real source address that
 * haproxy passes on in X-Forwarded-For.
 */
const guestAddress = (n: number) => `127.0.${1 + (Math.floor(n / 250) % 250)}.${2 + (n % 250)}`;

function postFrom(
  localAddress: string,
  url: string,
  headers: Record<string, string>,
  body: string,
): Promise<{ status: number; body: unknown }> {
  return new Promise((resolve, reject) => {
    const req = http.request(url, { method: 'POST', headers, localAddress, timeout: 15_000 }, (res) => {
      const chunks: Buffer[] = [];
      res.on('data', (chunk: Buffer) => chunks.push(chunk));
      res.on('end', () => {
        try {
          resolve({ status: res.statusCode ?? 0, body: JSON.parse(Buffer.concat(chunks).toString('utf8')) });
        } catch (err) {
          reject(err);
        }
      });
      res.on('error', reject);
    });
    req.on('timeout', () => req.destroy(new Error('timed out after 15 s')));
    req.on('error', reject);
    req.end(body);
  });
}

async function oneRequest(base: string, event: { id: string; path: string }, tally: Tally): Promise<void> {
  tally.sent++;
  const register = tally.sent % 2 === 0;
  try {
    if (register) {
      const email = `guest-${++guestSeq}-${randomBytes(3).toString('hex')}@scale-out.foyer.test`;
      const res = await postFrom(
        guestAddress(guestSeq),
        `${base}/api/v1/events/${event.id}/registrations`,
        { 'content-type': 'application/json', 'idempotency-key': randomUUID() },
        JSON.stringify({ email, name: 'Scale Out', answers: {}, acknowledgedRequirements: [] }),
      );
      const body = res.body as { id?: string; registration?: { id: string } };
      if (res.status !== 201) throw new Error(`POST registration answered ${res.status}`);
      const id = body.id ?? body.registration?.id;
      if (!id) throw new Error('201 without a registration id');
      acknowledged.push({ id, email });
    } else {
      const res = await fetch(`${base}${event.path}`, { signal: AbortSignal.timeout(15_000) });
      await res.arrayBuffer();
      if (res.status !== 200) throw new Error(`GET event answered ${res.status}`);
    }
    tally.ok++;
  } catch (err) {
    tally.failed++;
    tally.lastFailureAt = Date.now();
    if (tally.failures.length < 20) tally.failures.push(`${t()} ${(err as Error).message}`);
  }
}

/** Runs the mixed load until `stop()`; answers its tally. */
function startLoad(base: string, event: { id: string; path: string }, paceMs = 20) {
  const tally = newTally();
  let running = true;
  const loops = Array.from({ length: CONCURRENCY }, async () => {
    while (running) {
      await oneRequest(base, event, tally);
      await sleep(paceMs);
    }
  });
  return {
    tally,
    stop: async () => {
      running = false;
      await Promise.all(loops);
      return tally;
    },
  };
}

// ---------------------------------------------------------------- main
async function main(): Promise<number> {
  fs.mkdirSync(OUT, { recursive: true });
  const dbName = `foyer_scale_out_${randomBytes(4).toString('hex')}`;
  const admin = new pg.Client({ connectionString: ADMIN_URL });
  await admin.connect();
  await admin.query(`create database ${dbName}`);
  cleanups.push(async () => {
    await admin.query(`drop database if exists ${dbName} with (force)`);
    await admin.end();
  });
  const dbUrl = new URL(ADMIN_URL);
  dbUrl.pathname = `/${dbName}`;
  const DATABASE_URL = dbUrl.toString();

  const [smtpPort, hookPort, lbPort, promPort, amPort, amClusterPort, api1Port, api2Port, workerPort] =
    await Promise.all(Array.from({ length: 9 }, () => freePort()));
  await new Promise<void>((r) => smtp.listen(smtpPort, '127.0.0.1', r));
  cleanups.push(() => new Promise((r) => smtp.close(() => r(null))));
  await new Promise<void>((r) => webhook.listen(hookPort, '127.0.0.1', r));
  cleanups.push(
    () =>
      new Promise((r) => {
        webhook.close(() => r(null));
        webhook.closeAllConnections();
      }),
  );

  const env = {
    DATABASE_URL,
    REDIS_URL,
    REDIS_KEY_PREFIX: `${dbName}:`,
    FOYER_SECRET: `scale-out-${randomBytes(24).toString('hex')}`,
    SMTP_URL: `smtp://127.0.0.1:${smtpPort}`,
    MIGRATE_ON_START: 'false',
    TRUST_PROXY: 'true',
    // One PUBLIC_URL for every process: access tokens name it as issuer and audience.
    PUBLIC_URL: `http://127.0.0.1:${lbPort}`,
    LOG_LEVEL: 'warn',
    MAIL_JOB_EXPIRY_SECONDS: '20',
    SHUTDOWN_TIMEOUT_MS: '5000',
    // Phase C's poster sends 25 chat messages a second on one socket (the default allows 40 per 10 s),
    // and every reader comes through HAProxy from 127.0.0.1.
    REALTIME_COMMAND_LIMIT: '10000',
    REALTIME_IP_COMMAND_LIMIT: '10000',
  };

  log(`database ${dbName}; foyer migrate …`);
  const migrate = spawn(process.execPath, [path.join(ROOT, 'apps/server/bin/foyer.mjs'), 'migrate'], {
    env: { ...process.env, ...env },
    stdio: 'inherit',
  });
  const migrated = await new Promise<number | null>((r) => migrate.on('exit', r));
  if (migrated !== 0) throw new Error(`foyer migrate exited with ${migrated}`);

  const procs: Record<string, ServerProcess> = {};
  const start = async (name: 'api-1' | 'api-2' | 'worker') => {
    if (stopping) throw new Error(`not starting ${name}: stopping`);
    const port = { 'api-1': api1Port, 'api-2': api2Port, worker: workerPort }[name];
    const p = await startServerProcess({
      env: { ...env, PORT: String(port) },
      args: name === 'worker' ? ['worker'] : ['serve', '--role', 'api'],
      timeoutMs: 120_000,
    });
    if (stopping) {
      // Started while everything else was being stopped: the cleanup of processes has already run.
      await p.stop('SIGKILL');
      throw new Error(`${name} started while stopping; stopped again`);
    }
    procs[name] = p;
    return p;
  };
  cleanups.push(async () => {
    for (const [name, p] of Object.entries(procs)) {
      fs.writeFileSync(path.join(OUT, `${name}.log`), p.output());
      await p.stop('SIGKILL');
    }
  });
  log('starting api-1, api-2, worker …');
  await Promise.all([start('api-1'), start('api-2'), start('worker')]);

  statsPort = await freePort();
  // HAProxy: deploy/haproxy.cfg with this run's ports and a stats socket of its own.
  const haproxyCfg = fs
    .readFileSync(path.join(ROOT, 'deploy/haproxy.cfg'), 'utf8')
    .replace(/stats socket \S+/, `stats socket ${tmp}/haproxy.sock`)
    .replace(/bind :8080/, `bind 127.0.0.1:${lbPort}`)
    .replace(/server api-1 \S+/, `server api-1 127.0.0.1:${api1Port}`)
    .replace(/server api-2 \S+/, `server api-2 127.0.0.1:${api2Port}`)
    .replace(/bind 127\.0\.0\.1:8404/, `bind 127.0.0.1:${statsPort}`)
    .replace(/log stdout format raw local0\n/, '');
  fs.writeFileSync(path.join(tmp, 'haproxy.cfg'), haproxyCfg);
  spawnTool('haproxy', 'haproxy', ['-db', '-f', path.join(tmp, 'haproxy.cfg')]);
  const base = `http://127.0.0.1:${lbPort}`;
  await until('HAProxy to answer', 20_000, async () => (await fetch(`${base}/readyz`)).status === 200);

  // Alertmanager → the webhook; Prometheus → Alertmanager, with the repository's rules.
  fs.writeFileSync(
    path.join(tmp, 'alertmanager.yml'),
    `route:
  receiver: webhook
  group_by: [alertname]
  group_wait: 1s
  group_interval: 2s
  repeat_interval: 1h
receivers:
  - name: webhook
    webhook_configs:
      - url: http://127.0.0.1:${hookPort}/
        send_resolved: true
`,
  );
  spawnTool('alertmanager', 'prometheus-alertmanager', [
    `--config.file=${tmp}/alertmanager.yml`,
    `--storage.path=${tmp}/alertmanager`,
    `--web.listen-address=127.0.0.1:${amPort}`,
    `--cluster.listen-address=127.0.0.1:${amClusterPort}`,
    '--cluster.peer-timeout=1s',
  ]);
  fs.writeFileSync(
    path.join(tmp, 'prometheus.yml'),
    `global:
  scrape_interval: 1s
  evaluation_interval: 1s
rule_files:
  - ${path.join(ROOT, 'deploy/prometheus/foyer-rules.yml')}
alerting:
  alertmanagers:
    - static_configs:
        - targets: ['127.0.0.1:${amPort}']
scrape_configs:
  - job_name: foyer-api
    static_configs:
      - targets: ['127.0.0.1:${api1Port}', '127.0.0.1:${api2Port}']
  - job_name: foyer-worker
    static_configs:
      - targets: ['127.0.0.1:${workerPort}']
`,
  );
  spawnTool('prometheus', 'prometheus', [
    `--config.file=${tmp}/prometheus.yml`,
    `--storage.tsdb.path=${tmp}/prometheus`,
    `--web.listen-address=127.0.0.1:${promPort}`,
    '--rules.alert.resend-delay=1s',
    '--rules.alert.for-grace-period=1s',
  ]);
  const prom = `http://127.0.0.1:${promPort}`;
  await until('Prometheus to scrape all three processes', 60_000, async () => {
    const r = (await (await fetch(`${prom}/api/v1/query?query=up`)).json()) as {
      data: { result: { value: [number, string] }[] };
    };
    return r.data.result.length === 3 && r.data.result.every((x) => x.value[1] === '1');
  });
  await until('Alertmanager', 30_000, async () => (await fetch(`http://127.0.0.1:${amPort}/-/ready`)).ok);
  log('HAProxy, Prometheus (3 targets up) and Alertmanager are running');

  const event = await seedEvent(base);
  log(`event ${event.id} published`);
  const apiBase = (port: number) => `http://127.0.0.1:${port}`;

  // ---------------------------------------------------------------- A. SIGKILL one api process
  log('A. mixed load; SIGKILL api-1 after 5 s, start it again after 12 s …');
  const loadA = startLoad(base, event);
  await sleep(5_000);
  const killedAt = Date.now();
  procs['api-1']!.child.kill('SIGKILL');
  await procs['api-1']!.exited;
  await sleep(7_000);
  await start('api-1');
  await sleep(6_000);
  const a = await loadA.stop();
  const recoveredInMs = a.lastFailureAt ? a.lastFailureAt - killedAt : 0;
  log(`A. ${a.sent} requests, ${a.failed} failed (the last ${(recoveredInMs / 1000).toFixed(1)} s after the kill)`);

  // ---------------------------------------------------------------- R. rolling restart
  log('R. rolling restart under load: SIGTERM api-1, start it, then api-2 …');
  await until('HAProxy to see both api processes up', 20_000, async () => bothUp());
  const loadR = startLoad(base, event);
  await sleep(2_000);
  for (const name of ['api-1', 'api-2'] as const) {
    const code = await procs[name]!.stop('SIGTERM');
    log(`R. ${name} stopped (exit ${code}); starting it again`);
    await start(name);
    // The balancer takes it back after `rise 2` health checks; only then the next one.
    await until(`HAProxy to take ${name} back`, 30_000, async () => bothUp());
  }
  await sleep(2_000);
  const r = await loadR.stop();
  log(`R. ${r.sent} requests, ${r.failed} failed`);

  // ---------------------------------------------------------------- C. chat over WebSocket, api-2 killed
  log('C. chat readers through HAProxy; SIGKILL api-2 while messages are posted …');
  const c: ChatPhaseResult = await runChatPhase({
    base,
    posterBase: apiBase(api1Port),
    victimBase: apiBase(api2Port),
    token: event.token,
    eventId: event.id,
    readers: 40,
    messages: 100,
    kill: async () => {
      procs['api-2']!.child.kill('SIGKILL');
      await procs['api-2']!.exited;
    },
    restart: () => start('api-2'),
    log,
  });
  log(
    `C. ${c.readersReconnected} of ${c.readers} readers reconnected; ${c.readersIncomplete} incomplete, ${c.duplicates} duplicates, ${c.resyncs} resyncs`,
  );
  await until('HAProxy to take api-2 back', 60_000, async () => bothUp());

  // ---------------------------------------------------------------- B. SIGKILL the worker mid-job
  log('B. slow SMTP sink; registrations; SIGKILL the worker while it delivers …');
  const beforeB = [...received.values()].reduce((x, y) => x + y, 0);
  sinkDelayMs = 400;
  const loadB = startLoad(base, event, 50);
  await until('the worker to deliver some of phase B’s mail', 60_000, async () => {
    const n = [...received.values()].reduce((x, y) => x + y, 0);
    return n >= beforeB + 3;
  });
  const b = await loadB.stop();
  // Mid-job: kill it while the sink holds messages unanswered, so those deliveries must be redone.
  // Best with both of the worker's delivery slots (mail queue concurrency 2) held here: then no
  // message is between its 250 and its commit, the one window SMTP cannot close (a re-send there
  // would be a true duplicate, recognisable by its Message-ID, and not what this test is about).
  await until('both delivery slots held at the sink', 20_000, async () => sinkInFlight >= 2)
    .catch(() => until('a delivery in flight at the sink', 20_000, async () => sinkInFlight > 0))
    .catch(() => null);
  const inFlightAtKill = sinkInFlight;
  const workerKilledAt = Date.now();
  procs.worker!.child.kill('SIGKILL');
  await procs.worker!.exited;
  log(
    `B. worker killed with ${inFlightAtKill} deliveries in flight; waiting for FoyerNoWorkerRunning at the webhook …`,
  );
  const fired = await until('FoyerNoWorkerRunning to fire', 180_000, async () =>
    alerts.find((x) => x.alertname === 'FoyerNoWorkerRunning' && x.status === 'firing'),
  );
  log(`B. alert fired ${((fired.at - workerKilledAt) / 1000).toFixed(1)} s after the kill; starting the worker`);
  sinkDelayMs = 0;
  const workerBackAt = Date.now();
  await start('worker');
  const resolved = await until('FoyerNoWorkerRunning to resolve', 180_000, async () =>
    alerts.find((x) => x.alertname === 'FoyerNoWorkerRunning' && x.status === 'resolved' && x.at > fired.at),
  );
  log(`B. alert resolved ${((resolved.at - workerBackAt) / 1000).toFixed(1)} s after the worker returned`);
  // The counting window ends when the outbox is drained, not at a fixed time: every domain event
  // dispatched, no mail queued, no delivery job waiting, running or due for a retry — and the sink
  // has answered everything it holds. (A fixed window once cut off the tail of a slow backlog.)
  const drained = async () =>
    withDb(DATABASE_URL, async (c) => {
      const r = await c.query<{ events: number; queued: number; jobs: number }>(
        `select (select count(*)::int from domain_events where dispatched_at is null) as events,
                (select count(*)::int from mail_messages where status = 'queued') as queued,
                (select count(*)::int from pgboss.job where name like 'event-handler.%'
                   and state in ('created', 'retry', 'active')) as jobs`,
      );
      const row = r.rows[0]!;
      return row.events === 0 && row.queued === 0 && row.jobs === 0 && sinkInFlight === 0;
    });
  const allMail = await until('the outbox to drain', 300_000, async () =>
    (await drained()) && acknowledged.every((x) => (received.get(x.email) ?? 0) >= 1) ? Date.now() : null,
  ).catch(() => null);
  log(
    allMail
      ? `B. outbox drained ${((allMail - workerBackAt) / 1000).toFixed(1)} s after the worker returned`
      : 'B. the outbox did not drain in 300 s',
  );
  // Give a late duplicate its chance before counting; the outbox must still be drained afterwards.
  await sleep(3_000);

  // ---------------------------------------------------------------- results
  const ids = acknowledged.map((x) => x.id);
  const found = await withDb(DATABASE_URL, async (c) => {
    const res = await c.query<{ n: number }>(
      'select count(*)::int as n from registrations where id = any($1::uuid[])',
      [ids],
    );
    return res.rows[0]!.n;
  });
  // Mail ids the database calls sent against what the sink accepted: which side is wrong, if any.
  const sentIds = await withDb(DATABASE_URL, async (c) =>
    (
      await c.query<{ id: string }>(
        `select id from mail_messages where status = 'sent' and template = 'registration.confirmed'`,
      )
    ).rows.map((x) => x.id),
  );
  const sentButNotReceived = sentIds.filter((id) => !receivedIds.has(id));
  const acceptedTwice = [...receivedIds].filter(([, n]) => n > 1).map(([id]) => id);
  const missingMail = acknowledged.filter((x) => !received.get(x.email)).length;
  if (missingMail > 0 || acknowledged.some((x) => (received.get(x.email) ?? 0) > 1) || sentButNotReceived.length) {
    console.log(`sent in the database, never accepted by the sink: ${JSON.stringify(sentButNotReceived.slice(0, 20))}`);
    console.log(`accepted twice by the sink: ${JSON.stringify(acceptedTwice.slice(0, 20))}`);
    // What the database says about mail that is not sent, and its delivery jobs that did not complete.
    await withDb(DATABASE_URL, async (c) => {
      const mail = await c.query(
        `select id, status, attempts, error, created_at, sent_at from mail_messages where status <> 'sent' order by created_at limit 20`,
      );
      console.log('mail not sent:', JSON.stringify(mail.rows));
      const jobs = await c.query(
        `select name, state, retry_count, started_on, completed_on, output from pgboss.job
          where name like 'event-handler.mail%' and state <> 'completed' limit 20`,
      );
      console.log('mail jobs not completed:', JSON.stringify(jobs.rows));
      const events = await c.query(
        `select id, type, attempts, last_error, dispatched_at from domain_events where dispatched_at is null or last_error is not null limit 20`,
      );
      console.log('domain events pending or failed:', JSON.stringify(events.rows));
      const without = await c.query(
        `select count(*)::int as n from registrations r where r.id = any($1::uuid[]) and not exists
           (select 1 from processed_domain_events p join domain_events e on e.event_id = p.event_id
             where p.handler = 'email.registration.confirmed' and e.payload->>'registrationId' = r.id::text)`,
        [ids],
      );
      console.log('registrations whose confirmation was never handled:', without.rows[0]?.n);
    }).catch((err) => console.log(`diagnostics failed: ${(err as Error).message}`));
  }
  const duplicateMail = acknowledged.filter((x) => (received.get(x.email) ?? 0) > 1).length;
  const sent = a.sent + r.sent + b.sent;
  const summary = {
    requestsSent: sent,
    acknowledgedWrites: acknowledged.length,
    writesFound: found,
    failedDuringApiKill: a.failed,
    errorsStoppedAfterKillSeconds: Number((recoveredInMs / 1000).toFixed(1)),
    failedDuringRollingRestart: r.failed,
    emailsExpected: acknowledged.length,
    emailsMissing: missingMail,
    emailsDuplicated: duplicateMail,
    emailsSentInDbNotAtSink: sentButNotReceived.length,
    deliveriesInFlightAtWorkerKill: inFlightAtKill,
    deliveriesCutOffAndResent: sinkCutOff,
    allEmailsSecondsAfterWorkerReturned: allMail ? Number(((allMail - workerBackAt) / 1000).toFixed(1)) : null,
    alertFiredSecondsAfterWorkerKill: Number(((fired.at - workerKilledAt) / 1000).toFixed(1)),
    alertResolvedSecondsAfterWorkerReturned: Number(((resolved.at - workerBackAt) / 1000).toFixed(1)),
    alertFiredAt: new Date(fired.at).toISOString(),
    alertResolvedAt: new Date(resolved.at).toISOString(),
    chat: c,
    load: os
      .loadavg()
      .map((x) => x.toFixed(2))
      .join(' '),
  };
  fs.writeFileSync(path.join(OUT, 'summary.json'), `${JSON.stringify(summary, null, 2)}\n`);
  console.log('\nscale-out proof');
  console.log(`  machine: ${os.cpus().length} cores, load average ${summary.load} (shared machine)`);
  console.log(`  requests sent:                          ${sent}`);
  console.log(`  acknowledged writes (201):              ${acknowledged.length}`);
  console.log(`  writes found afterwards:                ${found}`);
  console.log(
    `  failed requests, api SIGKILL phase:     ${a.failed} (none after ${summary.errorsStoppedAfterKillSeconds} s)`,
  );
  console.log(`  failed requests during rolling restart: ${r.failed}`);
  console.log(`  emails: ${acknowledged.length} expected, ${missingMail} missing, ${duplicateMail} sent twice`);
  console.log(
    `  worker SIGKILL: ${inFlightAtKill} deliveries in flight, ${sinkCutOff} cut off before the 250 and sent again`,
  );
  console.log(
    `  outbox drained:                         ${summary.allEmailsSecondsAfterWorkerReturned ?? 'not within 300'} s after the worker returned`,
  );
  console.log(
    `  FoyerNoWorkerRunning fired:             ${summary.alertFiredAt} (${summary.alertFiredSecondsAfterWorkerKill} s after the kill; rule: for 1m)`,
  );
  console.log(
    `  FoyerNoWorkerRunning resolved:          ${summary.alertResolvedAt} (${summary.alertResolvedSecondsAfterWorkerReturned} s after the worker returned)`,
  );
  console.log(
    `  chat over WebSocket:                    ${c.readers} readers (${c.readersOnKilledProcess} on the killed api-2, ${c.readersReconnected} reconnected), ${c.messages} messages`,
  );
  console.log(
    `    each reader: ${c.readers - c.readersIncomplete} complete and in order, ${c.duplicates} duplicates, ${c.resyncs} resyncs; ${c.replayed} replayed on resume`,
  );
  console.log(`    live delivery through HAProxy (readers that stayed): p50 ${c.p50} ms, p99 ${c.p99} ms`);
  if (a.failures.length || r.failures.length || c.failures.length) {
    console.log('  failures seen:');
    for (const f of [
      ...a.failures.map((x) => `A ${x}`),
      ...r.failures.map((x) => `R ${x}`),
      ...c.failures.map((x) => `C ${x}`),
    ])
      console.log(`    ${f}`);
  }
  const checks: [string, boolean][] = [
    ['acknowledged writes == writes found', found === acknowledged.length],
    ['errors stop within 10 s of the api kill', recoveredInMs < 10_000],
    ['0 failed requests during the rolling restart', r.failed === 0],
    ['the outbox drained (no mail queued, no delivery job left)', allMail !== null],
    ['each email sent exactly once', missingMail === 0 && duplicateMail === 0],
    ['every mail the database calls sent reached the sink', sentButNotReceived.length === 0],
    [
      'chat: every reader has every message once, in order, after api-2 was killed',
      c.readersIncomplete === 0 && c.duplicates === 0 && c.resyncs === 0 && c.failures.length === 0,
    ],
    [
      'chat: the killed process’s readers reconnected through HAProxy',
      c.readersOnKilledProcess > 0 && c.readersReconnected >= c.readersOnKilledProcess,
    ],
  ];
  let failed = 0;
  for (const [name, ok] of checks) {
    console.log(`${ok ? 'ok  ' : 'FAIL'} ${name}`);
    if (!ok) failed++;
  }
  console.log(`scale-out: ${checks.length - failed} passed, ${failed} failed`);
  return failed === 0 ? 0 : 1;
}

let statsPort = 0;

/** HAProxy's own view (its stats CSV): both api servers UP. */
async function bothUp(): Promise<boolean> {
  const csv = await (await fetch(`http://127.0.0.1:${statsPort}/haproxy;csv`)).text();
  const status = (name: string) =>
    csv
      .split('\n')
      .find((l) => l.startsWith(`foyer_api,${name},`))
      ?.split(',')[17];
  return status('api-1') === 'UP' && status('api-2') === 'UP';
}

async function withDb<T>(url: string, fn: (c: pg.Client) => Promise<T>): Promise<T> {
  const c = new pg.Client({ connectionString: url });
  await c.connect();
  try {
    return await fn(c);
  } finally {
    await c.end();
  }
}

/** An organiser signs up (verifying the address from the sink's mail), creates an organisation and a published event. */
async function seedEvent(base: string): Promise<{ id: string; path: string; token: string }> {
  const json = async (res: Response) => {
    const body = (await res.json()) as Record<string, unknown>;
    if (!res.ok) throw new Error(`${res.url} answered ${res.status}: ${JSON.stringify(body)}`);
    return body;
  };
  const email = 'organiser@scale-out.foyer.test';
  await json(
    await fetch(`${base}/api/v1/auth/signup`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ email, password: 'a long scale-out passphrase 7', name: 'Organiser' }),
    }),
  );
  // Sign-up answers alike for new and known addresses (no tokens): then sign in.
  const session = await json(
    await fetch(`${base}/api/v1/auth/login`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ email: email, password: 'a long scale-out passphrase 7' }),
    }),
  );
  const auth = { 'content-type': 'application/json', authorization: `Bearer ${String(session.accessToken)}` };
  const org = await json(
    await fetch(`${base}/api/v1/orgs`, {
      method: 'POST',
      headers: auth,
      body: JSON.stringify({ name: 'Scale Out', slug: 'scale-out' }),
    }),
  );
  const startsAt = Date.now() + 30 * 86_400_000;
  const event = await json(
    await fetch(`${base}/api/v1/orgs/${String(org.id)}/events`, {
      method: 'POST',
      headers: auth,
      body: JSON.stringify({
        name: 'Scale-out proof',
        slug: 'proof',
        kind: 'conference',
        format: 'in_person',
        timezone: 'Europe/Berlin',
        startsAt: new Date(startsAt).toISOString(),
        endsAt: new Date(startsAt + 8 * 3_600_000).toISOString(),
        capacity: 100_000,
        registration: { waitlistEnabled: true, guestsAllowed: true },
      }),
    }),
  );
  await json(
    await fetch(`${base}/api/v1/events/${String(event.id)}/status`, {
      method: 'POST',
      headers: auth,
      body: JSON.stringify({ status: 'published' }),
    }),
  );
  // The organiser's own mail (verification) is not a registration's: forget it.
  received.clear();
  return { id: String(event.id), path: '/api/v1/events/scale-out/proof', token: String(session.accessToken) };
}

// Stopped from outside (the wrapper's deadline, Ctrl-C): stop every process started and drop the database.
for (const signal of ['SIGTERM', 'SIGINT'] as const) {
  process.once(signal, () => {
    console.log(`scale-out: ${signal}; stopping everything started`);
    console.log('scale-out: 0 passed, 1 failed');
    void cleanup().finally(() => {
      fs.rmSync(tmp, { recursive: true, force: true });
      process.exit(1);
    });
  });
}

let code = 1;
try {
  code = await main();
} catch (err) {
  console.error(`scale-out: ${(err as Error).stack ?? err}`);
  console.log('scale-out: 0 passed, 1 failed');
} finally {
  await cleanup();
  fs.rmSync(tmp, { recursive: true, force: true });
}
process.exit(code);
