// The figure the venue lives on (issue #12): 10,000 WebSocket clients
// subscribed to one stage's chat on ONE Foyer process (real PostgreSQL in a
// temporary database, Redis), messages posted at 2/s, then faster, step by
// step. For every rate: delivery latency post → receipt over every client
// (p50/p99), messages lost (must be 0), clients held, server RSS and CPU per
// message. The same shape, in the same run, against a bare `ws` broadcast
// server (the Node limit) and a Socket.IO 4 broadcast server
// (bench/servers/). The clients live in forked worker processes (their CPU
// is printed: the generator must not be what is measured).
//
//   ulimit -n 65536                                   # each server holds every client
//   npx tsx bench/stage-chat.ts                       # the full run (~7 min)
//   npm run bench -- stage-chat                       # the same through bench/run-all.ts
//   npx tsx bench/stage-chat.ts --clients 500 --rates 2,4 --seconds 4    # smoke
//   options: --clients N --rates 2,3,4 --seconds S --workers W --servers foyer,ws,socketio
//            --warmup S --drain S --addresses A
//            --pad BYTES   (pads the references' frames to about BYTES, e.g. Foyer's 588, to compare like sizes)
//            --sequential  (one server at a time; by default all three hold their clients and take turns per rate)
//   BENCH_PROFILE_DIR=/tmp/prof writes a V8 CPU profile of the Foyer server.
import { type ChildProcess, fork, spawnSync } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { parseArgs } from 'node:util';
import { WebSocket } from 'ws';
import {
  type ChatTarget,
  messageText,
  postFrame,
  SERVER_NAMES,
  type ServerKind,
  setupReply,
  socketUrl,
} from './lib/chat-dialects.ts';
import { LatencyHistogram } from './lib/histogram.ts';
import { readLoopDelay } from './lib/loop-delay.ts';
import { describeMachine, formatMachine } from './lib/machine.ts';
import { machineCpu, processStats } from './lib/proc-stats.ts';
import { table } from './lib/report.ts';
import { BENCH_DIR, REPO_ROOT, type ServerProcess, startServerProcess } from './lib/server-process.ts';
import type { WorkerCommand, WorkerReport } from './lib/stage-chat-worker.ts';
import { createTempDatabase, type TempDatabase } from './lib/temp-database.ts';

const { values: args } = parseArgs({
  options: {
    clients: { type: 'string', default: '10000' },
    rates: { type: 'string', default: '2,3,4,5,6,8,10,12' },
    seconds: { type: 'string', default: '12' },
    workers: { type: 'string', default: '4' },
    servers: { type: 'string', default: 'foyer,ws,socketio' },
    warmup: { type: 'string', default: '4' },
    drain: { type: 'string', default: '10' },
    addresses: { type: 'string' },
    pad: { type: 'string', default: '0' },
    sequential: { type: 'boolean', default: false },
  },
});
const CLIENTS = positive('clients', args.clients);
const RATES = args.rates.split(',').map((r) => positive('rates', r));
const SECONDS = positive('seconds', args.seconds);
const WORKERS = Math.min(positive('workers', args.workers), CLIENTS);
const WARMUP_SECONDS = Number(args.warmup);
const DRAIN_MS = positive('drain', args.drain) * 1000;
const SERVERS = args.servers.split(',').map((s) => {
  if (s !== 'foyer' && s !== 'ws' && s !== 'socketio') throw new Error(`--servers: unknown server ${s}`);
  return s as ServerKind;
});
/** Loopback source addresses the clients connect from (127.0.0.2 …): at most 100 clients behind each. */
const ADDRESSES = Array.from(
  { length: Math.min(250, args.addresses ? positive('addresses', args.addresses) : Math.ceil(CLIENTS / 100)) },
  (_, i) => `127.0.0.${i + 2}`,
);
/** Each poster (a stage guest on Foyer) posts at most 2 messages/s: 20 per 10 s, under Foyer's 40 per identity. */
const POSTER_RATE = 2;
const POSTERS = Math.max(1, Math.ceil(Math.max(...RATES) / POSTER_RATE));
const TARGETS = { clients: 10_000, p99Ms: 250, targetRate: 2, rssBytes: 1.5 * 1024 ** 3, vsWs: 0.7, vsSocketIo: 2 };
/** A rate is given up on after two in a row with p99 over this (or one over 5 s). */
const GIVE_UP_P99_MS = 1000;
const REDIS_URL = process.env.REDIS_URL ?? 'redis://127.0.0.1:6379';
/** One server at a time (`--sequential`) instead of all three holding their clients and taking turns per rate. */
const SEQUENTIAL = args.sequential;
const WORKER_SCRIPT = path.join(BENCH_DIR, 'lib/stage-chat-worker.ts');

const now = () => performance.timeOrigin + performance.now();
const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

interface RateResult {
  rate: number;
  posted: number;
  postErrors: Record<string, number>;
  p50: number;
  p99: number;
  max: number;
  samples: number;
  lost: number;
  clientsMissing: number;
  outOfOrder: number;
  open: number;
  serverCpuMs: number;
  serverCpuPercent: number;
  /** The part of the server's CPU time spent in the kernel (socket writes; on loopback also the receiving side's TCP work). */
  serverSystemShare: number;
  cpuMsPerMessage: number;
  generatorCpuPercent: number;
  posterCpuPercent: number;
  rssBytes: number;
  frameBytes: number;
  sampleFrame: string;
  /** Event-loop delay of the server over the phase, and the worst of the workers' (ms). */
  serverLoopP99: number | null;
  serverLoopMax: number | null;
  generatorLoopP99: number;
  generatorLoopMax: number;
  /** How busy the whole machine was during the phase (all cores, 100 = every core busy), and its 1-minute load. */
  machineBusyPercent: number;
  loadAverage: number;
}

interface ServerResult {
  kind: ServerKind;
  held: number;
  connectFailures: string[];
  connectMs: number;
  idleRssBytes: number;
  heldRssBytes: number;
  peakRssBytes: number;
  rates: RateResult[];
  /** Connections the clients saw closed, by close code, over the whole run. */
  closes: Record<string, number>;
  error?: string;
}

const machine = describeMachine();
let raised: string[] = [];
const startedAt = new Date();

/** Runs the servers, then prints the report (called at the end of the file, after the classes). */
async function main(): Promise<void> {
  checkFileLimit();
  console.log(formatMachine(machine));
  console.log(
    `stage-chat: ${CLIENTS.toLocaleString('en-US')} clients in ${WORKERS} worker processes from ${ADDRESSES.length} loopback ` +
      `addresses, ${POSTERS} poster(s), rates ${RATES.join(', ')} msg/s × ${SECONDS} s, servers ${SERVERS.join(', ')}`,
  );
  raised = Object.keys(process.env).filter((n) => n.startsWith('REALTIME_') || n === 'TRUST_PROXY');
  console.log(
    `Foyer limits raised through the environment: ${raised.length ? raised.map((n) => `${n}=${process.env[n]}`).join(', ') : 'none'}`,
  );

  const sessions: Session[] = [];
  try {
    if (SEQUENTIAL) {
      for (const kind of SERVERS) {
        console.log(`\n--- ${SERVER_NAMES[kind]} ---`);
        const session = await openSession(kind);
        sessions.push(session);
        for (const [i, rate] of RATES.entries()) await runRate(session, i + 1, rate);
        await session.close();
        await sleep(2000);
      }
    } else {
      // Every server holds its clients the whole run, and each rate is measured on one after the other:
      // on a shared machine, load that comes and goes then falls on all three alike.
      for (const kind of SERVERS) {
        console.log(`\n--- ${SERVER_NAMES[kind]} ---`);
        sessions.push(await openSession(kind));
      }
      console.log('');
      for (const [i, rate] of RATES.entries()) for (const session of sessions) await runRate(session, i + 1, rate);
    }
  } finally {
    if (!SEQUENTIAL) await Promise.all(sessions.map((session) => session.close()));
  }
  const results = sessions.map((session) => session.result);
  report(results);
}

// ————————————————————————————————————————————————————————————————

/** One server under load: its process, its worker processes with every client subscribed, its posters. */
interface Session {
  kind: ServerKind;
  result: ServerResult;
  workers: WorkerHandle[];
  posters: Poster[];
  pid: number;
  loopFile: string;
  overInARow: number;
  stopped: boolean;
  close(): Promise<void>;
}

/** Starts a server, connects and subscribes every client, opens the posters and warms up. */
async function openSession(kind: ServerKind): Promise<Session> {
  const result: ServerResult = {
    kind,
    held: 0,
    connectFailures: [],
    connectMs: 0,
    idleRssBytes: 0,
    heldRssBytes: 0,
    peakRssBytes: 0,
    rates: [],
    closes: {},
  };
  let database: TempDatabase | null = null;
  let server: ServerProcess | null = null;
  let rssTimer: NodeJS.Timeout | null = null;
  const loopFile = path.join(os.tmpdir(), `stage-chat-loop-${kind}-${process.pid}.json`);
  const session: Session = {
    kind,
    result,
    workers: [],
    posters: [],
    pid: 0,
    loopFile,
    overInARow: 0,
    stopped: false,
    async close() {
      if (rssTimer) clearInterval(rssTimer);
      for (const p of session.posters) p.close();
      const reports = await Promise.all(session.workers.map((w) => w.close()));
      for (const closes of reports)
        for (const [code, n] of Object.entries(closes)) result.closes[code] = (result.closes[code] ?? 0) + n;
      await server?.stop();
      await database?.drop();
    },
  };
  try {
    let target: ChatTarget;
    if (kind === 'foyer') {
      database = await createTempDatabase('foyer_bench_chat');
      console.log(`database ${database.name}; starting Foyer (migrating, seeding the stage) …`);
      server = await startServerProcess('foyer', path.join(BENCH_DIR, 'servers/foyer-stage-chat.ts'), {
        env: { DATABASE_URL: database.url, REDIS_URL, BENCH_LOOP_DELAY_FILE: loopFile },
        timeoutMs: 180_000,
      });
      const stage = (await (await fetch(`${server.url}/api/v1/events/bench-org/stage-chat/stage`)).json()) as {
        eventId: string;
        chat: { channelId: string };
      };
      target = { kind, url: server.url, channel: `room:${stage.chat.channelId}` };
    } else {
      const script = kind === 'ws' ? 'servers/ws-broadcast.ts' : 'servers/socketio-broadcast.ts';
      server = await startServerProcess(kind, path.join(BENCH_DIR, script), {
        env: { BENCH_LOOP_DELAY_FILE: loopFile, BENCH_PAD_BYTES: args.pad },
      });
      target = { kind, url: server.url, channel: '' };
    }
    const pid = server.pid;
    session.pid = pid;
    await sleep(500);
    result.idleRssBytes = processStats(pid).rssBytes;
    rssTimer = setInterval(() => {
      result.peakRssBytes = Math.max(result.peakRssBytes, processStats(pid).rssBytes);
    }, 250);

    console.log(`connecting ${CLIENTS.toLocaleString('en-US')} clients …`);
    const started = now();
    session.workers = Array.from({ length: WORKERS }, (_, w) => {
      const count = Math.floor(CLIENTS / WORKERS) + (w < CLIENTS % WORKERS ? 1 : 0);
      // Each worker starts at a different address so every address carries the same number of clients.
      const offset = (w * Math.floor(CLIENTS / WORKERS)) % ADDRESSES.length;
      const addresses = [...ADDRESSES.slice(offset), ...ADDRESSES.slice(0, offset)];
      return WorkerHandle.start({ type: 'connect', target, count, addresses, concurrency: 50 });
    });
    const readies = await Promise.all(session.workers.map((w) => w.next('ready', 600_000)));
    result.connectMs = Math.round(now() - started);
    result.held = readies.reduce((n, r) => n + r.held, 0);
    result.connectFailures = readies.flatMap((r) => r.errors);
    console.log(
      `${result.held.toLocaleString('en-US')} of ${CLIENTS.toLocaleString('en-US')} subscribed in ${(result.connectMs / 1000).toFixed(1)} s` +
        (result.connectFailures.length ? `; failures: ${result.connectFailures.join('; ')}` : ''),
    );
    session.posters = await Promise.all(Array.from({ length: POSTERS }, (_, i) => Poster.open(target, i)));
    // Let the joins settle (presence refreshes, garbage collection) before measuring.
    await sleep(3000);
    result.heldRssBytes = processStats(pid).rssBytes;

    if (WARMUP_SECONDS > 0) {
      const warm = await runPhase(0, 2, WARMUP_SECONDS, session.workers, session.posters, pid, loopFile);
      console.log(
        `warm-up at 2 msg/s: p50 ${ms(warm.p50)}, p99 ${ms(warm.p99)}, lost ${warm.lost}, server loop delay max ${ms(warm.serverLoopMax ?? Number.NaN)}`,
      );
    }
  } catch (err) {
    fail(session, err);
  }
  return session;
}

function fail(session: Session, err: unknown): void {
  session.result.error = (err as Error).message;
  session.stopped = true;
  console.error(`${SERVER_NAMES[session.kind]} failed:`, err);
}

/** Measures one rate on a session; marks it stopped once it is past what it sustains. */
async function runRate(session: Session, phase: number, rate: number): Promise<void> {
  if (session.stopped) return;
  try {
    const r = await runPhase(phase, rate, SECONDS, session.workers, session.posters, session.pid, session.loopFile);
    session.result.rates.push(r);
    console.log(
      `${SERVER_NAMES[session.kind]} ${rate} msg/s: p50 ${ms(r.p50)}, p99 ${ms(r.p99)}, max ${ms(r.max)}, lost ${r.lost}` +
        `${r.clientsMissing ? ` (${r.clientsMissing} clients)` : ''}, held ${r.open}, server CPU ${r.serverCpuPercent.toFixed(0)} % (${(r.serverSystemShare * 100).toFixed(0)} % in the kernel)` +
        ` (${r.cpuMsPerMessage.toFixed(0)} ms/msg), loop delay p99/max ${ms(r.serverLoopP99 ?? Number.NaN)}/${ms(r.serverLoopMax ?? Number.NaN)}` +
        `, generator ${r.generatorCpuPercent.toFixed(0)} % (loop p99/max ${ms(r.generatorLoopP99)}/${ms(r.generatorLoopMax)}), RSS ${mib(r.rssBytes)}` +
        `, machine ${r.machineBusyPercent.toFixed(0)} % busy, load ${r.loadAverage}` +
        (Object.keys(r.postErrors).length ? `, post errors ${JSON.stringify(r.postErrors)}` : ''),
    );
    session.overInARow = r.p99 >= GIVE_UP_P99_MS || r.lost > 0 ? session.overInARow + 1 : 0;
    if (session.overInARow >= 2 || r.p99 > 5000 || r.open < session.result.held * 0.99) {
      console.log(`stopping ${SERVER_NAMES[session.kind]} here: past what it sustains`);
      session.stopped = true;
    }
  } catch (err) {
    fail(session, err);
  }
}

async function runPhase(
  phase: number,
  rate: number,
  seconds: number,
  workers: WorkerHandle[],
  posters: Poster[],
  pid: number,
  loopFile: string,
): Promise<RateResult> {
  for (const w of workers) w.send({ type: 'phase', phase });
  await Promise.all(workers.map((w) => w.next('phase-started', 10_000)));
  for (const p of posters) p.reset();
  await readLoopDelay(pid, loopFile);
  const before = processStats(pid);
  const machineBefore = machineCpu();
  const posterCpu = process.cpuUsage();
  const wallStart = now();
  const count = Math.max(1, Math.round(rate * seconds));
  const start = now() + 20;
  for (let n = 0; n < count; n++) {
    const wait = start + (n * 1000) / rate - now();
    if (wait > 0) await sleep(wait);
    posters[n % posters.length]!.post(phase, n);
  }
  // Foyer answers each post (stored, numbered): wait for the answers, then for delivery.
  const answered = now() + DRAIN_MS;
  while (posters.some((p) => p.pending > 0) && now() < answered) await sleep(20);
  const postErrors: Record<string, number> = {};
  let failed = 0;
  for (const p of posters) {
    for (const [code, n] of Object.entries(p.errors)) postErrors[code] = (postErrors[code] ?? 0) + n;
    failed += p.failed;
    if (p.pending > 0) postErrors.unanswered = (postErrors.unanswered ?? 0) + p.pending;
  }
  const expected = count - failed;
  for (const w of workers) w.send({ type: 'end', phase, expected, drainMs: DRAIN_MS });
  const reports = await Promise.all(workers.map((w) => w.next('report', DRAIN_MS + 30_000)));
  const after = processStats(pid);
  const machineAfter = machineCpu();
  const serverLoop = await readLoopDelay(pid, loopFile);
  const wallMs = now() - wallStart;
  const posterUsage = process.cpuUsage(posterCpu);
  const histogram = new LatencyHistogram();
  for (const r of reports) histogram.add(r.histogram, r.max);
  const serverCpuMs = after.cpuMs - before.cpuMs;
  await sleep(1000);
  return {
    rate,
    posted: count,
    postErrors,
    p50: histogram.quantile(0.5),
    p99: histogram.quantile(0.99),
    max: histogram.max,
    samples: histogram.count,
    lost: reports.reduce((n, r) => n + r.lost, 0),
    clientsMissing: reports.reduce((n, r) => n + r.clientsMissing, 0),
    outOfOrder: reports.reduce((n, r) => n + r.outOfOrder, 0),
    open: reports.reduce((n, r) => n + r.open, 0),
    serverCpuMs,
    serverCpuPercent: (serverCpuMs / wallMs) * 100,
    serverSystemShare: serverCpuMs > 0 ? (after.systemMs - before.systemMs) / serverCpuMs : 0,
    cpuMsPerMessage: serverCpuMs / count,
    generatorCpuPercent: reports.reduce((n, r) => n + (r.cpuMs / r.wallMs) * 100, 0),
    posterCpuPercent: ((posterUsage.user + posterUsage.system) / 1000 / wallMs) * 100,
    rssBytes: after.rssBytes,
    frameBytes: Math.max(...reports.map((r) => r.frameBytes)),
    sampleFrame: reports.find((r) => r.sample)?.sample ?? '',
    serverLoopP99: serverLoop?.p99 ?? null,
    serverLoopMax: serverLoop?.max ?? null,
    generatorLoopP99: Math.max(...reports.map((r) => r.loopP99)),
    generatorLoopMax: Math.max(...reports.map((r) => r.loopMax)),
    machineBusyPercent:
      ((machineAfter.busy - machineBefore.busy) / Math.max(1, machineAfter.total - machineBefore.total)) * 100,
    loadAverage: Math.round(os.loadavg()[0]! * 100) / 100,
  };
}

// ————————————————————————————————————————————————————————————————

/** A load-generator process and the reports it has sent. */
class WorkerHandle {
  private readonly inbox: WorkerReport[] = [];
  private readonly waiters: (() => void)[] = [];
  private exited = false;
  /** The close codes in its latest report. */
  private closes: Record<string, number> = {};

  private constructor(private readonly child: ChildProcess) {
    child.on('message', (m: WorkerReport) => {
      if (m.type === 'report') this.closes = m.closes;
      this.inbox.push(m);
      for (const wake of this.waiters.splice(0)) wake();
    });
    child.on('exit', () => {
      this.exited = true;
      for (const wake of this.waiters.splice(0)) wake();
    });
  }

  static start(connect: WorkerCommand): WorkerHandle {
    const child = fork(WORKER_SCRIPT, [], {
      cwd: REPO_ROOT,
      execArgv: ['--import', 'tsx'],
      stdio: ['ignore', 'inherit', 'inherit', 'ipc'],
    });
    const handle = new WorkerHandle(child);
    handle.send(connect);
    return handle;
  }

  send(command: WorkerCommand): void {
    if (!this.exited) this.child.send(command);
  }

  async next<T extends WorkerReport['type']>(type: T, timeoutMs: number): Promise<Extract<WorkerReport, { type: T }>> {
    const deadline = now() + timeoutMs;
    for (;;) {
      const i = this.inbox.findIndex((m) => m.type === type);
      if (i >= 0) return this.inbox.splice(i, 1)[0] as Extract<WorkerReport, { type: T }>;
      if (this.exited) throw new Error(`a load-generator worker exited while waiting for ${type}`);
      const left = deadline - now();
      if (left <= 0) throw new Error(`a load-generator worker sent no ${type} within ${timeoutMs} ms`);
      await new Promise<void>((resolve) => {
        const timer = setTimeout(resolve, left);
        this.waiters.push(() => {
          clearTimeout(timer);
          resolve();
        });
      });
    }
  }

  /** Closes its sockets and ends it; answers the close codes its clients saw. */
  async close(): Promise<Record<string, number>> {
    try {
      this.send({ type: 'close' });
      await this.next('closed', 10_000);
    } catch {
      // It is gone already.
    }
    if (!this.exited) this.child.kill();
    return this.closes;
  }
}

/** One posting client: a stage guest on Foyer (its own identity, so its own command budget), a plain socket elsewhere. */
class Poster {
  pending = 0;
  failed = 0;
  errors: Record<string, number> = {};

  private constructor(
    private readonly ws: WebSocket,
    private readonly target: ChatTarget,
  ) {
    ws.on('message', (data: Buffer) => {
      if (target.kind === 'socketio' && data.length === 1 && data[0] === 0x32) return ws.send('3');
      if (target.kind !== 'foyer') return;
      const start = data.subarray(0, 16).toString('latin1');
      if (start !== '{"type":"ack","i' && !start.startsWith('{"type":"error"')) return;
      const frame = JSON.parse(data.toString('utf8')) as { type: string; id?: string; code?: string };
      if (!frame.id?.startsWith('p')) return;
      this.pending = Math.max(0, this.pending - 1);
      if (frame.type === 'error') {
        this.failed++;
        this.errors[frame.code ?? 'error'] = (this.errors[frame.code ?? 'error'] ?? 0) + 1;
      }
    });
  }

  static async open(target: ChatTarget, index: number): Promise<Poster> {
    const headers: Record<string, string> = {};
    if (target.kind === 'foyer') {
      const eventId = (
        (await (await fetch(`${target.url}/api/v1/events/bench-org/stage-chat/stage`)).json()) as { eventId: string }
      ).eventId;
      const res = await fetch(`${target.url}/api/v1/events/${eventId}/chat/guests`, {
        method: 'POST',
        headers: { 'content-type': 'application/json' },
        body: JSON.stringify({ name: `Poster ${index + 1}` }),
      });
      if (res.status !== 201) throw new Error(`guest for poster ${index + 1}: ${res.status} ${await res.text()}`);
      headers.cookie = res.headers.get('set-cookie')!.split(';')[0]!;
    }
    const ws = new WebSocket(socketUrl(target), { perMessageDeflate: false, headers });
    await new Promise<void>((resolve, reject) => {
      const timer = setTimeout(() => reject(new Error('poster did not subscribe within 30 s')), 30_000);
      const onMessage = (data: Buffer) => {
        try {
          const step = setupReply(target.kind, data.toString('utf8'), target.channel);
          if (step.send) ws.send(step.send);
          if (step.ready) finish();
        } catch (err) {
          reject(err);
        }
      };
      const finish = () => {
        clearTimeout(timer);
        ws.off('message', onMessage);
        resolve();
      };
      ws.on('message', onMessage);
      ws.once('open', () => {
        if (target.kind === 'ws') finish();
      });
      ws.once('error', reject);
    });
    return new Poster(ws, target);
  }

  reset(): void {
    this.pending = 0;
    this.failed = 0;
    this.errors = {};
  }

  post(phase: number, n: number): void {
    const text = messageText(phase, n, now());
    this.ws.send(postFrame(this.target.kind, this.target.channel, `p${phase}-${n}`, text));
    if (this.target.kind === 'foyer') this.pending++;
  }

  close(): void {
    this.ws.terminate();
  }
}

// ————————————————————————————————————————————————————————————————

function report(all: ServerResult[]): void {
  const kinds = all.map((r) => r.kind);
  const names = kinds.map((k) => SERVER_NAMES[k]);
  console.log(`\nstage-chat: ${CLIENTS.toLocaleString('en-US')} clients on one stage chat, one server process each`);
  console.log(`Date: ${startedAt.toISOString()}`);
  console.log(formatMachine(machine));
  console.log(
    `Load: ${WORKERS} worker processes (ws clients), ${ADDRESSES.length} source addresses, ${POSTERS} poster(s) ` +
      `round-robin, ${SECONDS} s per rate after a ${WARMUP_SECONDS} s warm-up at 2 msg/s, delivery awaited up to ${DRAIN_MS / 1000} s; ` +
      `latency = receipt − post over every client; Foyer on PostgreSQL + Redis; ` +
      (SEQUENTIAL
        ? 'one server at a time'
        : 'all servers hold their clients throughout, each rate measured on each in turn'),
  );

  const rates = [...new Set(all.flatMap((r) => r.rates.map((x) => x.rate)))].sort((a, b) => a - b);
  const rateRows = rates.map((rate) => [
    `${rate} msg/s`,
    ...all.map((r) => {
      const x = r.rates.find((y) => y.rate === rate);
      return x ? `${ms(x.p50)} / ${ms(x.p99)} / ${x.lost}` : '—';
    }),
  ]);
  console.log(`\np50 / p99 / lost per rate\n${table(['rate', ...names], rateRows)}`);

  const cpuRows = rates.map((rate) => [
    `${rate} msg/s`,
    ...all.map((r) => {
      const x = r.rates.find((y) => y.rate === rate);
      return x
        ? `${x.serverCpuPercent.toFixed(0)} % (kernel ${(x.serverSystemShare * 100).toFixed(0)} %) · ${x.cpuMsPerMessage.toFixed(0)} ms/msg · gen ${x.generatorCpuPercent.toFixed(0)} % · machine ${x.machineBusyPercent.toFixed(0)} % (load ${x.loadAverage.toFixed(1)})`
        : '—';
    }),
  ]);
  console.log(
    `\nserver CPU · server CPU per message · load generator CPU (sum of workers; both % of one core) · whole machine busy (% of all ${machine.cores} cores, 1-min load at the end)`,
  );
  console.log(table(['rate', ...names], cpuRows));
  const loopRows = rates.map((rate) => [
    `${rate} msg/s`,
    ...all.map((r) => {
      const x = r.rates.find((y) => y.rate === rate);
      return x
        ? `${ms(x.serverLoopP99 ?? Number.NaN)} / ${ms(x.serverLoopMax ?? Number.NaN)} · gen ${ms(x.generatorLoopP99)} / ${ms(x.generatorLoopMax)}`
        : '—';
    }),
  ]);
  console.log(`\nevent-loop delay p99 / max: server · worst load-generator worker`);
  console.log(table(['rate', ...names], loopRows));

  const highest = (r: ServerResult, bound: number) => {
    let best = 0;
    for (const x of r.rates) if (x.p99 < bound && x.lost === 0 && Object.keys(x.postErrors).length === 0) best = x.rate;
    return best;
  };
  const rateCell = (rate: number) => (rate > 0 ? `${rate} msg/s` : 'no rate tried');
  const at2 = (r: ServerResult) => r.rates.find((x) => x.rate === TARGETS.targetRate);
  const summary: string[][] = [
    ['clients held', ...all.map((r) => `${r.held.toLocaleString('en-US')} / ${CLIENTS.toLocaleString('en-US')}`)],
    ['clients still open at the end', ...all.map((r) => (r.rates.at(-1)?.open ?? 0).toLocaleString('en-US'))],
    ['time to connect and subscribe', ...all.map((r) => `${(r.connectMs / 1000).toFixed(1)} s`)],
    ['lost (all rates)', ...all.map((r) => String(r.rates.reduce((n, x) => n + x.lost, 0)))],
    [
      'p50 / p99 at 2 msg/s',
      ...all.map((r) => {
        const x = at2(r);
        return x ? `${ms(x.p50)} / ${ms(x.p99)}` : '—';
      }),
    ],
    [
      'RSS idle / all held / peak',
      ...all.map((r) => `${mib(r.idleRssBytes)} / ${mib(r.heldRssBytes)} / ${mib(r.peakRssBytes)}`),
    ],
    [
      'server CPU per message (at 2 msg/s)',
      ...all.map((r) => (at2(r) ? `${at2(r)!.cpuMsPerMessage.toFixed(0)} ms` : '—')),
    ],
    ['frame size', ...all.map((r) => `${r.rates[0]?.frameBytes ?? 0} B`)],
    ['highest rate, p99 < 250 ms', ...all.map((r) => rateCell(highest(r, 250)))],
    ['highest rate, p99 < 1 s', ...all.map((r) => rateCell(highest(r, 1000)))],
    ['close codes seen by clients', ...all.map((r) => JSON.stringify(r.closes))],
  ];
  console.log(`\n${table(['figure', ...names], summary)}`);

  const foyer = all.find((r) => r.kind === 'foyer');
  const ws = all.find((r) => r.kind === 'ws');
  const sio = all.find((r) => r.kind === 'socketio');
  const verdict = (ok: boolean) => (ok ? 'met' : 'MISSED');
  // 0 means no rate tried met the bound; two zeros decide nothing.
  const ratioVerdict = (ours: number, theirs: number, factor: number) =>
    ours === 0 && theirs === 0
      ? 'undecided, neither met the bound at any rate tried'
      : verdict(theirs > 0 ? ours >= factor * theirs : ours > 0);
  const lines: string[] = [];
  if (foyer) {
    const x = at2(foyer);
    const lost = foyer.rates.reduce((n, y) => n + y.lost, 0);
    lines.push(
      `${foyer.held.toLocaleString('en-US')} clients held (≥ ${TARGETS.clients.toLocaleString('en-US')}): ${verdict(foyer.held >= TARGETS.clients)}`,
    );
    lines.push(`0 lost: ${verdict(lost === 0 && foyer.rates.length > 0)} (${lost})`);
    lines.push(`p99 < 250 ms at 2 msg/s: ${verdict(!!x && x.p99 < TARGETS.p99Ms)} (${x ? ms(x.p99) : 'not measured'})`);
    lines.push(`RSS < 1.5 GB: ${verdict(foyer.peakRssBytes < TARGETS.rssBytes)} (peak ${mib(foyer.peakRssBytes)})`);
    for (const bound of [250, 1000]) {
      const f = highest(foyer, bound);
      const label = bound === 250 ? 'p99 < 250 ms' : 'p99 < 1 s';
      if (ws) {
        const w = highest(ws, bound);
        lines.push(
          `highest rate (${label}) ≥ 0.7× bare ws: ${ratioVerdict(f, w, TARGETS.vsWs)} (${f} vs ${w} msg/s${w > 0 ? `, ${(f / w).toFixed(2)}×` : ''})`,
        );
      }
      if (sio) {
        const s = highest(sio, bound);
        lines.push(
          `highest rate (${label}) ≥ 2× Socket.IO: ${ratioVerdict(f, s, TARGETS.vsSocketIo)} (${f} vs ${s} msg/s${s > 0 ? `, ${(f / s).toFixed(2)}×` : ''})`,
        );
      }
    }
    const topRate = Math.max(...RATES);
    if (ws && highest(ws, 1000) === topRate)
      lines.push(`note: bare ws sustained the highest rate tried (${topRate} msg/s); try higher --rates`);
  }
  console.log(`\ntargets:\n${lines.map((l) => `  ${l}`).join('\n')}`);
  const gen = all.flatMap((r) => r.rates.map((x) => x.generatorCpuPercent));
  if (gen.length)
    console.log(
      `load generator: ${WORKERS} processes, ${Math.min(...gen).toFixed(0)}–${Math.max(...gen).toFixed(0)} % of one core in total per phase ` +
        `(${(Math.max(...gen) / WORKERS).toFixed(0)} % per worker at most)`,
    );
  for (const r of all)
    if (r.rates[0]?.sampleFrame) console.log(`${SERVER_NAMES[r.kind]} frame: ${r.rates[0].sampleFrame}`);
  for (const r of all) if (r.error) console.log(`${SERVER_NAMES[r.kind]}: ${r.error}`);

  const file = path.join(REPO_ROOT, 'artifacts', 'bench', 'stage-chat.json');
  fs.mkdirSync(path.dirname(file), { recursive: true });
  fs.writeFileSync(
    file,
    `${JSON.stringify(
      {
        benchmark: 'stage-chat',
        date: startedAt.toISOString(),
        machine,
        settings: {
          clients: CLIENTS,
          rates: RATES,
          seconds: SECONDS,
          workers: WORKERS,
          addresses: ADDRESSES.length,
          posters: POSTERS,
          raised: raised.map((n) => `${n}=${process.env[n]}`),
        },
        results: all,
      },
      null,
      2,
    )}\n`,
  );
  console.log(`written to ${path.relative(process.cwd(), file)}`);
  if (!foyer || foyer.error || foyer.held < CLIENTS) process.exitCode = 1;
}

// ————————————————————————————————————————————————————————————————

/** The file-descriptor limit: every server process holds every client (and each worker its share). */
function checkFileLimit(): void {
  const out = spawnSync('sh', ['-c', 'ulimit -n'], { encoding: 'utf8' }).stdout.trim();
  const limit = out === 'unlimited' ? Number.POSITIVE_INFINITY : Number(out);
  const needed = CLIENTS + 1024;
  if (Number.isFinite(limit) && limit < needed) {
    console.error(
      `stage-chat: the open-file limit is ${limit}; ${CLIENTS} clients need at least ${needed} ` +
        `(each server holds every socket). Run \`ulimit -n 65536\` in this shell first.`,
    );
    process.exit(2);
  }
}

function positive(name: string, raw: string): number {
  const value = Number(raw);
  if (!Number.isFinite(value) || value <= 0) throw new Error(`--${name} must be a positive number (got ${raw})`);
  return value;
}

function ms(value: number): string {
  if (!Number.isFinite(value)) return '—';
  return value < 10 ? `${value.toFixed(1)} ms` : `${Math.round(value)} ms`;
}

function mib(bytes: number): string {
  return `${Math.round(bytes / 1024 ** 2)} MiB`;
}

await main();
