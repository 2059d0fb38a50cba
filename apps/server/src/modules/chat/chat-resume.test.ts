import { ChatRoom, RealtimeClient, type WebSocketLike } from '@foyer/client';
import type { ChatMessage } from '@foyer/contracts';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import WebSocket from 'ws';
import { type ServerProcess, startServerProcess } from '../../platform/testing/server-process.ts';
import { eventually } from '../../platform/testing/test-app.ts';
import {
  createTestDatabase,
  onRealPostgres,
  redisUrl,
  type TestDatabase,
} from '../../platform/testing/test-database.ts';
import { TestSocket } from '../../platform/testing/test-socket.ts';

/**
 * Issue #12, acceptance 2: a reader whose socket drops 50 times at random
 * moments while 300 messages are posted ends with exactly those 300, in
 * order, without duplicates. Real PostgreSQL and Redis, two server
 * processes; the poster is on one, the reader on the other, so every live
 * message crosses Redis and every missed one is replayed from PostgreSQL.
 */
describe.runIf(onRealPostgres && redisUrl)('chat resume across processes (PostgreSQL + Redis)', () => {
  const MESSAGES = 300;
  const DROPS = 50;
  let database: TestDatabase;
  let a: ServerProcess;
  let b: ServerProcess;

  beforeAll(async () => {
    database = await createTestDatabase();
    const env = {
      DATABASE_URL: database.url,
      REDIS_URL: redisUrl!,
      REDIS_KEY_PREFIX: `foyer-chat-resume-${process.pid}-${Date.now()}:`,
      FOYER_SECRET: 'test-secret-not-for-production-0123456789abcdef',
      // The poster sends 300 commands in a few seconds; the gateway's default is 40 per 10 s.
      REALTIME_COMMAND_LIMIT: '10000',
      REALTIME_IP_COMMAND_LIMIT: '10000',
      LOG_LEVEL: 'warn',
      // One deployment behind one address: tokens name it as their issuer, so both processes must agree.
      PUBLIC_URL: 'http://foyer.test',
    };
    // One after the other: the first applies the migrations.
    a = await startServerProcess({ env });
    b = await startServerProcess({ env });
  }, 120_000);
  afterAll(async () => {
    await Promise.allSettled([a?.stop(), b?.stop()]);
    await database?.drop();
  });

  const json = async (url: string, init: { method?: string; token?: string; body?: unknown } = {}) => {
    const res = await fetch(url, {
      method: init.method ?? (init.body ? 'POST' : 'GET'),
      headers: {
        ...(init.body ? { 'content-type': 'application/json' } : {}),
        ...(init.token ? { authorization: `Bearer ${init.token}` } : {}),
      },
      ...(init.body ? { body: JSON.stringify(init.body) } : {}),
    });
    const body = (await res.json()) as Record<string, unknown>;
    if (res.status >= 400) throw new Error(`${url}: ${res.status} ${JSON.stringify(body)}`);
    return body as Record<string, never>;
  };

  it('delivers exactly the 300 messages, in order, to a reader that drops 50 times', async () => {
    // Sign-up answers alike for new and known addresses (no tokens): then sign in.
    const signup = async (email: string) => {
      await json(`${a.url}/api/v1/auth/signup`, {
        body: { email, password: 'tulip-canyon-42', name: email.split('@')[0] },
      });
      return json(`${a.url}/api/v1/auth/login`, { body: { email, password: 'tulip-canyon-42' } });
    };
    const poster = (await signup(`poster.${Date.now()}@example.org`)) as unknown as { accessToken: string };
    const reader = (await signup(`reader.${Date.now()}@example.org`)) as unknown as { accessToken: string };
    const org = await json(`${a.url}/api/v1/orgs`, {
      token: poster.accessToken,
      body: { name: 'Resume', slug: `resume-${Date.now()}` },
    });
    const event = await json(`${a.url}/api/v1/orgs/${org.id}/events`, {
      token: poster.accessToken,
      body: {
        name: 'Resume Day',
        slug: 'resume-day',
        kind: 'conference',
        format: 'online',
        timezone: 'UTC',
        startsAt: '2027-06-01T09:00:00Z',
        endsAt: '2027-06-01T17:00:00Z',
      },
    });
    await json(`${a.url}/api/v1/events/${event.id}/status`, {
      token: poster.accessToken,
      body: { status: 'published' },
    });
    const stage = await json(`${a.url}/api/v1/events/${event.id}/chat/channels`, {
      token: poster.accessToken,
      body: { kind: 'stage', name: 'Stage' },
    });
    const channel = String(stage.realtimeChannel);

    // The reader: the typed client on process B, reconnecting fast so the test is quick.
    const client = new RealtimeClient({
      url: `${b.url.replace('http', 'ws')}/api/v1/realtime`,
      connect: (url) => new WebSocket(url) as unknown as WebSocketLike,
      token: () => reader.accessToken,
      backoff: { initialMs: 10, maxMs: 100 },
    });
    const room = new ChatRoom(client, channel);
    const received: ChatMessage[] = [];
    const seqs: number[] = [];
    room.on('message', (m) => received.push(m));
    room.channel.on('message', (f) => seqs.push(f.seq));
    let replayed = 0;
    let resyncs = 0;
    room.channel.on('subscribed', ({ replayed: n }) => {
      replayed += n;
    });
    room.on('resync', () => resyncs++);
    let welcomes = 0;
    client.on('welcome', () => welcomes++);
    client.connect();
    await client.whenReady();
    await eventually(() => room.channel.lastSeq !== null);

    // The poster: a raw socket on process A.
    const socket = await TestSocket.open(a.url);
    expect((await socket.command({ type: 'auth', token: poster.accessToken })).type).toBe('ack');
    expect((await socket.command({ type: 'subscribe', channel })).type).toBe('ack');

    let drops = 0;
    let posted = 0;
    const started = Date.now();
    const dropping = (async () => {
      while (drops < DROPS) {
        // Each drop hits a connection of its own: wait for the one after the last drop…
        while (welcomes <= drops) await new Promise((r) => setTimeout(r, 1));
        // Spread over the whole posting: drop k after about k/50 of the messages.
        while (posted < Math.floor((drops * MESSAGES) / DROPS)) await new Promise((r) => setTimeout(r, 1));
        // …then a random moment: during auth, mid-replay, or between live messages.
        await new Promise((r) => setTimeout(r, Math.random() * 60));
        client.dropConnection();
        drops++;
      }
    })();
    const posting = (async () => {
      for (let i = 0; i < MESSAGES; i++) {
        // Spread the posts over the drops, so that every drop falls while messages are being posted.
        while (drops < Math.floor((i * DROPS) / MESSAGES)) await new Promise((r) => setTimeout(r, 2));
        const answer = await socket.command({ type: 'chat.send', channel, text: `message ${i}` });
        expect(answer.type, JSON.stringify(answer)).toBe('ack');
        posted++;
        if (Math.random() < 0.3) await new Promise((r) => setTimeout(r, Math.random() * 15));
      }
    })();
    await Promise.all([dropping, posting]);
    const postingMs = Date.now() - started;
    await eventually(() => received.length >= MESSAGES, 30_000);
    // Nothing more arrives later (no duplicate after the last replay).
    await new Promise((r) => setTimeout(r, 500));
    client.close();
    socket.close();

    expect(posted).toBe(MESSAGES);
    expect(drops).toBe(DROPS);
    expect(resyncs).toBe(0);
    expect(received.map((m) => m.text)).toEqual(Array.from({ length: MESSAGES }, (_, i) => `message ${i}`));
    expect(new Set(received.map((m) => m.id)).size).toBe(MESSAGES);
    expect(seqs).toEqual([...seqs].sort((x, y) => x - y));
    expect(new Set(seqs).size).toBe(seqs.length);
    // Some came live over Redis, some from PostgreSQL after a reconnect.
    expect(replayed).toBeGreaterThan(0);
    expect(replayed).toBeLessThan(MESSAGES);
    console.info(
      `chat resume: ${MESSAGES} messages, ${DROPS} drops in ${postingMs} ms; ${replayed} replayed from PostgreSQL, ${MESSAGES - replayed} live`,
    );
  }, 120_000);
});
