// One load-generator process of bench/stage-chat.ts (forked with IPC):
// holds its share of the clients, subscribed to the chat, and for each
// phase records every received message's delivery latency in a fixed-bucket
// histogram and counts what each client received, then reports both with
// its own CPU time. Messages (parent → worker): connect, phase, end, close.
import { monitorEventLoopDelay } from 'node:perf_hooks';
import { WebSocket } from 'ws';
import { type ChatTarget, MARK, readMark, type ServerKind, setupReply, socketUrl } from './chat-dialects.ts';
import { LatencyHistogram } from './histogram.ts';
import { LOOP_RESOLUTION_MS, loopDelayMs } from './loop-delay.ts';

export type WorkerCommand =
  | { type: 'connect'; target: ChatTarget; count: number; addresses: string[]; concurrency: number }
  | { type: 'phase'; phase: number }
  | { type: 'end'; phase: number; expected: number; drainMs: number }
  | { type: 'close' };

export type WorkerReport =
  | { type: 'ready'; held: number; failed: number; errors: string[]; ms: number }
  | { type: 'phase-started'; phase: number }
  | {
      type: 'report';
      phase: number;
      histogram: [number, number][];
      max: number;
      received: number;
      lost: number;
      outOfOrder: number;
      clientsMissing: number;
      open: number;
      closes: Record<string, number>;
      cpuMs: number;
      wallMs: number;
      frameBytes: number;
      /** The first message frame this worker received, as text. */
      sample: string;
      /** This worker's event-loop delay over the phase (ms): high values would mean the generator adds latency. */
      loopP99: number;
      loopMax: number;
    }
  | { type: 'closed' };

const now = () => performance.timeOrigin + performance.now();
const send = (report: WorkerReport) => process.send!(report);

let kind: ServerKind = 'ws';
let sockets: WebSocket[] = [];
/** 1 while subscribed. */
let ready: Uint8Array = new Uint8Array(0);
/** 1 once subscribed, kept after a close: such a client still expects every message. */
let held: Uint8Array = new Uint8Array(0);
let received: Int32Array = new Int32Array(0);
let next: Int32Array = new Int32Array(0);
let phase = -1;
let histogram = new LatencyHistogram();
let outOfOrder = 0;
let frameBytes = 0;
let sample = '';
const closes: Record<string, number> = {};
let phaseCpu = process.cpuUsage();
let phaseWall = now();
const loop = monitorEventLoopDelay({ resolution: LOOP_RESOLUTION_MS });
loop.enable();

function onFrame(i: number, data: Buffer): void {
  if (kind === 'socketio' && data.length === 1 && data[0] === 0x32) {
    sockets[i]!.send('3');
    return;
  }
  const at = data.indexOf(MARK);
  if (at < 0) return;
  const t = now();
  const mark = readMark(data, at);
  if (!mark || mark.phase !== phase) return;
  histogram.record(t - mark.sentAt);
  received[i]! += 1;
  if (mark.n < next[i]!) outOfOrder++;
  else next[i] = mark.n + 1;
  if (frameBytes === 0) {
    frameBytes = data.length;
    sample = data.toString('utf8');
  }
}

function openOne(target: ChatTarget, i: number, localAddress: string): Promise<void> {
  return new Promise((resolve, reject) => {
    const ws = new WebSocket(socketUrl(target), { perMessageDeflate: false, localAddress, handshakeTimeout: 60_000 });
    sockets[i] = ws;
    let settled = false;
    const done = (err?: Error) => {
      if (settled) return;
      settled = true;
      if (err) reject(err);
      else resolve();
    };
    const subscribed = () => {
      ready[i] = 1;
      held[i] = 1;
      done();
    };
    ws.on('open', () => {
      if (target.kind === 'ws') subscribed();
    });
    ws.on('message', (data: Buffer) => {
      if (ready[i]) return onFrame(i, data);
      try {
        const step = setupReply(target.kind, data.toString('utf8'), target.channel);
        if (step.send) ws.send(step.send);
        if (step.ready) subscribed();
      } catch (err) {
        done(err as Error);
      }
    });
    ws.on('error', (err) => done(err));
    ws.on('close', (code) => {
      ready[i] = 0;
      closes[code] = (closes[code] ?? 0) + 1;
      done(new Error(`closed ${code} before subscribing`));
    });
  });
}

async function connect(command: Extract<WorkerCommand, { type: 'connect' }>): Promise<void> {
  const started = now();
  kind = command.target.kind;
  sockets = new Array(command.count);
  ready = new Uint8Array(command.count);
  held = new Uint8Array(command.count);
  received = new Int32Array(command.count);
  next = new Int32Array(command.count);
  let nextIndex = 0;
  let failed = 0;
  const errors = new Map<string, number>();
  const lane = async () => {
    while (nextIndex < command.count) {
      const i = nextIndex++;
      try {
        await openOne(command.target, i, command.addresses[i % command.addresses.length]!);
      } catch (err) {
        failed++;
        const message = (err as Error).message;
        errors.set(message, (errors.get(message) ?? 0) + 1);
      }
    }
  };
  await Promise.all(Array.from({ length: Math.min(command.concurrency, command.count) }, lane));
  send({
    type: 'ready',
    held: held.reduce((n, r) => n + r, 0),
    failed,
    errors: [...errors].map(([m, n]) => `${n} × ${m}`),
    ms: Math.round(now() - started),
  });
}

function startPhase(p: number): void {
  phase = p;
  histogram = new LatencyHistogram();
  received.fill(0);
  next.fill(0);
  outOfOrder = 0;
  phaseCpu = process.cpuUsage();
  phaseWall = now();
  loop.reset();
  send({ type: 'phase-started', phase: p });
}

/** Waits until every held client has every message of the phase, or `drainMs`; then reports. */
async function endPhase(p: number, expected: number, drainMs: number): Promise<void> {
  const deadline = now() + drainMs;
  const complete = () => {
    for (let i = 0; i < received.length; i++) if (held[i] && received[i]! < expected) return false;
    return true;
  };
  while (!complete() && now() < deadline) await new Promise((r) => setTimeout(r, 50));
  const cpu = process.cpuUsage(phaseCpu);
  let total = 0;
  let lost = 0;
  let clientsMissing = 0;
  // Every client that was subscribed when the run began is expected to get every message:
  // one that was dropped on the way loses what it did not get.
  for (let i = 0; i < received.length; i++) {
    if (!held[i]) continue;
    total += received[i]!;
    const missing = Math.max(0, expected - received[i]!);
    lost += missing;
    if (missing > 0) clientsMissing++;
  }
  phase = -1;
  send({
    type: 'report',
    phase: p,
    histogram: histogram.toPairs(),
    max: histogram.max,
    received: total,
    lost,
    outOfOrder,
    clientsMissing,
    open: ready.reduce((n, r) => n + r, 0),
    closes: { ...closes },
    cpuMs: (cpu.user + cpu.system) / 1000,
    wallMs: now() - phaseWall,
    frameBytes,
    sample,
    loopP99: loopDelayMs(loop.percentile(99)),
    loopMax: loopDelayMs(loop.max),
  });
}

async function close(): Promise<void> {
  for (const ws of sockets) ws?.terminate();
  sockets = [];
  send({ type: 'closed' });
  setTimeout(() => process.exit(0), 100);
}

process.on('message', (command: WorkerCommand) => {
  if (command.type === 'connect') void connect(command);
  else if (command.type === 'phase') startPhase(command.phase);
  else if (command.type === 'end') void endPhase(command.phase, command.expected, command.drainMs);
  else if (command.type === 'close') void close();
});
process.on('disconnect', () => process.exit(0));
