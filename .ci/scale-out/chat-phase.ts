// Phase C of the scale-out proof: chat over WebSocket through HAProxy.
//
// Readers connect through the balancer (leastconn spreads them over both api
// processes) and subscribe to the event's stage chat; a poster on api-1 posts
// messages while api-2 is SIGKILLed and later started again. The readers that
// were on api-2 reconnect through the balancer to api-1 and resume from their
// last sequence number. Every reader must end with every message, in order,
// without duplicates and without a resync.
import { ChatRoom, RealtimeClient, type WebSocketLike } from '@foyer/client';
import WebSocket from 'ws';

export interface ChatPhaseOptions {
  /** The balancer's base URL (http://…). */
  base: string;
  /** api-1's own base URL: the poster's process, which is not killed. */
  posterBase: string;
  /** api-2's own base URL: its metrics say how many readers it holds. */
  victimBase: string;
  token: string;
  eventId: string;
  readers: number;
  messages: number;
  /** Kills api-2 (SIGKILL) and answers when it has exited. */
  kill(): Promise<void>;
  /** Starts api-2 again; the phase does not wait for it. */
  restart(): Promise<unknown>;
  log(msg: string): void;
}

export interface ChatPhaseResult {
  readers: number;
  readersOnKilledProcess: number;
  readersReconnected: number;
  messages: number;
  /** Readers that did not end with exactly the messages posted, in order. */
  readersIncomplete: number;
  duplicates: number;
  resyncs: number;
  replayed: number;
  /** Post → receipt (ms) over every message of the readers that stayed connected. */
  p50: number;
  p99: number;
  failures: string[];
}

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

async function json(url: string, token: string, body?: unknown): Promise<Record<string, unknown>> {
  const res = await fetch(url, {
    method: body ? 'POST' : 'GET',
    headers: { authorization: `Bearer ${token}`, ...(body ? { 'content-type': 'application/json' } : {}) },
    ...(body ? { body: JSON.stringify(body) } : {}),
  });
  const answer = (await res.json()) as Record<string, unknown>;
  if (!res.ok) throw new Error(`${url} answered ${res.status}: ${JSON.stringify(answer)}`);
  return answer;
}

/** Open sockets of one process, from its own /metrics. */
async function openSockets(base: string): Promise<number> {
  const text = await (await fetch(`${base}/metrics`)).text();
  const line = text.split('\n').find((l) => l.startsWith('foyer_realtime_open_sockets'));
  return line ? Number(line.split(' ').at(-1)) : 0;
}

const wsUrl = (base: string) => `${base.replace(/^http/, 'ws')}/api/v1/realtime`;

export async function runChatPhase(o: ChatPhaseOptions): Promise<ChatPhaseResult> {
  const failures: string[] = [];
  const stage = await json(`${o.base}/api/v1/events/${o.eventId}/chat/channels`, o.token, {
    kind: 'stage',
    name: 'Stage',
  });
  const channel = String(stage.realtimeChannel);

  const readers = Array.from({ length: o.readers }, () => {
    const client = new RealtimeClient({
      url: wsUrl(o.base),
      connect: (url) => new WebSocket(url) as unknown as WebSocketLike,
      token: () => o.token,
      // Fast, as a browser tab would after a short outage; jitter spreads the reconnects.
      backoff: { initialMs: 100, maxMs: 1000 },
    });
    const room = new ChatRoom(client, channel);
    const reader = {
      client,
      room,
      texts: [] as string[],
      ids: new Set<string>(),
      dup: 0,
      resyncs: 0,
      replayed: 0,
      welcomes: 0,
      latencies: [] as number[],
    };
    room.on('message', (m) => {
      if (reader.ids.has(m.id)) reader.dup++;
      reader.ids.add(m.id);
      reader.texts.push(m.text);
      const sentAt = Number(/@(\d+)$/.exec(m.text)?.[1]);
      if (sentAt) reader.latencies.push(Date.now() - sentAt);
    });
    room.on('resync', () => reader.resyncs++);
    room.channel.on('subscribed', ({ replayed }) => {
      reader.replayed += replayed;
    });
    client.on('welcome', () => reader.welcomes++);
    client.connect();
    return reader;
  });
  try {
    const deadline = Date.now() + 30_000;
    while (readers.some((r) => r.room.channel.lastSeq === null)) {
      if (Date.now() > deadline) throw new Error('readers did not subscribe within 30 s');
      await sleep(100);
    }
    const onVictim = await openSockets(o.victimBase);
    o.log(`C. ${o.readers} readers subscribed through HAProxy, ${onVictim} of them on api-2`);

    const poster = new RealtimeClient({
      url: wsUrl(o.posterBase),
      connect: (url) => new WebSocket(url) as unknown as WebSocketLike,
      token: () => o.token,
    });
    const room = new ChatRoom(poster, channel);
    poster.connect();
    await poster.whenReady();
    let killing: Promise<void> | null = null;
    let restarting: Promise<unknown> | null = null;
    for (let i = 0; i < o.messages; i++) {
      if (i === Math.floor(o.messages * 0.3)) {
        o.log(`C. SIGKILL api-2 after ${i} messages`);
        killing = o.kill();
      }
      if (i === Math.floor(o.messages * 0.7)) {
        await killing;
        o.log(`C. starting api-2 again after ${i} messages`);
        restarting = o.restart().catch((err) => failures.push(`restart: ${(err as Error).message}`));
      }
      try {
        await room.send(`message ${i} @${Date.now()}`);
      } catch (err) {
        failures.push(`post ${i}: ${(err as Error).message}`);
      }
      await sleep(40);
    }
    await killing;
    await restarting;
    const posted = o.messages - failures.filter((f) => f.startsWith('post')).length;
    const until = Date.now() + 30_000;
    while (readers.some((r) => r.texts.length < posted) && Date.now() < until) await sleep(200);
    // A duplicate after the last replay would come now.
    await sleep(1_000);
    poster.close();

    const expected = Array.from({ length: o.messages }, (_, i) => `message ${i}`);
    const incomplete = readers.filter((r) => {
      const got = r.texts.map((t) => t.replace(/ @\d+$/, ''));
      return got.length !== expected.length || got.some((t, i) => t !== expected[i]);
    });
    for (const r of incomplete.slice(0, 5))
      failures.push(`reader with ${r.texts.length} of ${o.messages}: first ${r.texts.slice(0, 2).join(', ')}`);
    // Live delivery only: readers that never reconnected (the others' replays carry the outage).
    const latencies = readers
      .filter((r) => r.welcomes === 1)
      .flatMap((r) => r.latencies)
      .sort((a, b) => a - b);
    const at = (q: number) => latencies[Math.min(latencies.length - 1, Math.floor(q * latencies.length))] ?? 0;
    return {
      readers: o.readers,
      readersOnKilledProcess: onVictim,
      readersReconnected: readers.filter((r) => r.welcomes > 1).length,
      messages: o.messages,
      readersIncomplete: incomplete.length,
      duplicates: readers.reduce((n, r) => n + r.dup, 0),
      resyncs: readers.reduce((n, r) => n + r.resyncs, 0),
      replayed: readers.reduce((n, r) => n + r.replayed, 0),
      p50: at(0.5),
      p99: at(0.99),
      failures,
    };
  } finally {
    for (const r of readers) r.client.close();
  }
}
