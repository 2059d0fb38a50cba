import { RealtimeCloseCode } from '@foyer/contracts';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import WebSocket from 'ws';
import { Api, type SignedUp } from '../testing/api-test-kit.ts';
import { createTestApp, eventually, type TestApp } from '../testing/test-app.ts';
import { TestSocket } from '../testing/test-socket.ts';

let t: TestApp;
let api: Api;
let base: string;
let owner: SignedUp;
let publicEventId: string;
let draftEventId: string;

async function createEvent(slug: string, publish: boolean): Promise<string> {
  const token = owner.accessToken;
  const orgs = await api.get('/api/v1/orgs', { token });
  let orgId = orgs.json().items?.[0]?.id as string | undefined;
  if (!orgId)
    orgId = (await api.post('/api/v1/orgs', { token, body: { name: 'Gateway Org', slug: 'gateway-org' } })).json().id;
  const res = await api.post(`/api/v1/orgs/${orgId}/events`, {
    token,
    body: {
      name: slug,
      slug,
      kind: 'conference',
      format: 'online',
      timezone: 'UTC',
      startsAt: '2027-06-01T09:00:00Z',
      endsAt: '2027-06-01T17:00:00Z',
    },
  });
  expect(res.statusCode, res.body).toBe(201);
  const id = res.json().id as string;
  if (publish) await api.post(`/api/v1/events/${id}/status`, { token, body: { status: 'published' } });
  return id;
}

beforeAll(async () => {
  t = await createTestApp({ REALTIME_COMMAND_LIMIT: '30', REALTIME_SEND_BUFFER_BYTES: '65536' });
  await t.app.listen({ port: 0, host: '127.0.0.1' });
  const address = t.app.server.address() as { port: number };
  base = `http://127.0.0.1:${address.port}`;
  api = new Api(t.app);
  owner = await api.signup();
  publicEventId = await createEvent('open-day', true);
  draftEventId = await createEvent('secret-plans', false);
});
afterAll(async () => t?.close());

describe('realtime gateway', () => {
  it('greets, subscribes anonymous sockets to public channels only, and never sends data of refused ones', async () => {
    const socket = await TestSocket.open(base);
    expect(socket.frames[0]).toMatchObject({ type: 'welcome', protocol: 1, actor: { kind: 'anonymous' } });
    const ok = await socket.command({ type: 'subscribe', channel: `event:${publicEventId}` });
    expect(ok).toMatchObject({ type: 'ack', result: { channel: `event:${publicEventId}`, seq: 0 } });
    const hidden = await socket.command({ type: 'subscribe', channel: `event:${draftEventId}` });
    expect(hidden).toMatchObject({ type: 'error', code: 'NOT_FOUND', channel: `event:${draftEventId}` });
    const mine = await socket.command({ type: 'subscribe', channel: `user:${owner.userId}` });
    expect(mine).toMatchObject({ type: 'error', code: 'UNAUTHENTICATED' });
    const unknown = await socket.command({ type: 'subscribe', channel: 'nope:1' });
    expect(unknown).toMatchObject({ type: 'error', code: 'UNKNOWN_CHANNEL' });

    await t.app.platform.realtime.publish(`event:${draftEventId}`, 'event.changed', { secret: true });
    await t.app.platform.realtime.publish(`user:${owner.userId}`, 'user.notice', { secret: true });
    await t.app.platform.realtime.publish(`event:${publicEventId}`, 'event.changed', {
      eventId: publicEventId,
      what: 'status',
    });
    const pushed = await socket.next((f) => f.type === 'message');
    expect(pushed).toMatchObject({ channel: `event:${publicEventId}`, seq: 1, event: 'event.changed' });
    await new Promise((r) => setTimeout(r, 100));
    expect(socket.frames.filter((f) => f.type === 'message')).toHaveLength(1);
    expect(JSON.stringify(socket.frames)).not.toContain('secret');
    socket.close();
  });

  it('authenticates with an access token, then allows what the policy allows that user', async () => {
    const socket = await TestSocket.open(base);
    const bad = await socket.command({ type: 'auth', token: 'not-a-token' });
    expect(bad).toMatchObject({ type: 'error', code: 'INVALID_TOKEN' });
    const auth = await socket.command({ type: 'auth', token: owner.accessToken });
    expect(auth).toMatchObject({ type: 'ack', result: { actor: { kind: 'user', id: owner.userId } } });
    expect(Date.parse(String((auth as unknown as { result: { expiresAt: string } }).result.expiresAt))).toBeGreaterThan(
      Date.now(),
    );
    expect(await socket.command({ type: 'subscribe', channel: `event:${draftEventId}` })).toMatchObject({
      type: 'ack',
    });
    expect(await socket.command({ type: 'subscribe', channel: `user:${owner.userId}` })).toMatchObject({ type: 'ack' });
    const other = await api.signup();
    expect(await socket.command({ type: 'subscribe', channel: `user:${other.userId}` })).toMatchObject({
      type: 'error',
      code: 'NOT_FOUND',
    });
    // Renewal keeps the identity; another person's token does not switch it.
    expect(await socket.command({ type: 'auth', token: owner.accessToken })).toMatchObject({ type: 'ack' });
    expect(await socket.command({ type: 'auth', token: other.accessToken })).toMatchObject({
      type: 'error',
      code: 'FORBIDDEN',
    });
    socket.close();
  });

  it('resumes an ephemeral channel after a sequence number, in order, without duplicates', async () => {
    const channel = `event:${publicEventId}`;
    const gateway = t.app.platform.realtime;
    const first = await TestSocket.open(base);
    const ack = await first.command({ type: 'subscribe', channel });
    const start = Number((ack as unknown as { result: { seq: number } }).result.seq);
    for (let i = 0; i < 5; i++) await gateway.publish(channel, 'event.changed', { n: i });
    await eventually(() => first.messages(channel).length === 5);
    first.close();
    // Missed while away: 5 more.
    for (let i = 5; i < 10; i++) await gateway.publish(channel, 'event.changed', { n: i });
    const again = await TestSocket.open(base);
    const resumed = await again.command({ type: 'subscribe', channel, since: start + 5 });
    expect(resumed).toMatchObject({ type: 'ack', result: { replayed: 5, resynced: false } });
    await gateway.publish(channel, 'event.changed', { n: 10 });
    await eventually(() => again.messages(channel).length === 6);
    expect(again.messages(channel).map((m) => (m.data as { n: number }).n)).toEqual([5, 6, 7, 8, 9, 10]);
    expect(again.messages(channel).map((m) => m.seq)).toEqual([1, 2, 3, 4, 5, 6].map((i) => start + 5 + i));
    // Further behind than the buffer reaches: told to resync, not silently skipped.
    const far = await TestSocket.open(base);
    gateway.settings = { ...gateway.settings, replayLimit: 3 };
    const behind = await far.command({ type: 'subscribe', channel, since: start });
    gateway.settings = { ...gateway.settings, replayLimit: 1000 };
    expect(behind).toMatchObject({ type: 'ack', result: { resynced: true } });
    expect(far.frames.find((f) => f.type === 'resync')).toMatchObject({ reason: 'too_far_behind', seq: start + 11 });
    again.close();
    far.close();
  });

  it('answers malformed and invalid frames with an error, and limits the command rate with RATE_LIMITED', async () => {
    const socket = await TestSocket.open(base);
    socket.ws.send('{not json');
    expect(await socket.next((f) => f.type === 'error')).toMatchObject({ code: 'MALFORMED_JSON', id: null });
    expect(await socket.command({ type: 'subscribe', channel: 'no spaces allowed' })).toMatchObject({
      type: 'error',
      code: 'VALIDATION_FAILED',
    });
    const answers = [];
    for (let i = 0; i < 35; i++) answers.push(await socket.command({ type: 'ping' }));
    const limited = answers.find((a) => a.type === 'error');
    expect(limited).toMatchObject({ code: 'RATE_LIMITED' });
    expect((limited as { retryAfter: number }).retryAfter).toBeGreaterThanOrEqual(1);
    expect(answers.filter((a) => a.type === 'ack').length).toBeLessThanOrEqual(30);
    socket.close();
  });

  it('refuses browser upgrades from foreign origins and accepts its own', async () => {
    const refused = new WebSocket(`${base.replace('http', 'ws')}/api/v1/realtime`, {
      headers: { origin: 'https://evil.example' },
    });
    const status = await new Promise<number>((resolve) =>
      refused.on('unexpected-response', (_req, res) => resolve(res.statusCode ?? 0)),
    );
    expect(status).toBe(403);
    const own = await TestSocket.open(base, { origin: t.app.platform.config.publicUrl });
    expect(own.frames[0]?.type).toBe('welcome');
    own.close();
  });

  it('closes a frame over the size limit with 1009', async () => {
    const socket = await TestSocket.open(base);
    socket.ws.send(JSON.stringify({ type: 'ping', id: 'x', pad: 'x'.repeat(20_000) }));
    expect((await socket.closed).code).toBe(RealtimeCloseCode.MESSAGE_TOO_BIG);
  });

  it('drops a slow consumer with 4008 and keeps its memory bounded', async () => {
    const channel = `event:${publicEventId}`;
    const slow = await TestSocket.open(base);
    await slow.command({ type: 'subscribe', channel });
    const healthy = await TestSocket.open(base);
    await healthy.command({ type: 'subscribe', channel });
    // The slow client stops reading: the kernel buffers fill, then the server's send buffer.
    (slow.ws as unknown as { _socket: { pause(): void } })._socket.pause();
    const before = process.memoryUsage().rss;
    const payload = 'y'.repeat(8000);
    const gateway = t.app.platform.realtime;
    const dropped = async () =>
      /foyer_realtime_slow_consumers_dropped_total 1\b/.test((await t.app.platform.metrics.render()).body);
    let sent = 0;
    while (sent < 5000 && !(await dropped())) {
      for (let i = 0; i < 20; i++) await gateway.publish(channel, 'event.changed', { payload, i: sent++ });
      // Let the healthy reader (in this process too) keep up.
      await new Promise((r) => setTimeout(r, 2));
    }
    expect(await dropped()).toBe(true);
    // Megabytes went out to the healthy socket; the slow one held at most its 64 KiB buffer plus kernel buffers.
    expect(process.memoryUsage().rss - before).toBeLessThan(150 * 1024 * 1024);
    await eventually(() => healthy.messages(channel).some((m) => (m.data as { i?: number }).i === sent - 1));
    (slow.ws as unknown as { _socket: { resume(): void } })._socket.resume();
    expect((await slow.closed).code).toBe(RealtimeCloseCode.SLOW_CONSUMER);
    const received = slow.messages(channel).length;
    expect(received).toBeLessThan(sent);
    // The healthy socket is still subscribed and served.
    await gateway.publish(channel, 'event.changed', { after: true });
    await eventually(() => healthy.messages(channel).some((m) => (m.data as { after?: boolean }).after));
    healthy.close();
  });
});
