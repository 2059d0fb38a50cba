import { describe, expect, it } from 'vitest';
import { RealtimeClient, type WebSocketLike } from './realtime.ts';

/** A socket the test drives by hand: it sees what the client sends and delivers what the "server" says. */
class FakeSocket implements WebSocketLike {
  readyState = 1;
  sent: Record<string, unknown>[] = [];
  onopen: ((event: unknown) => void) | null = null;
  onmessage: ((event: { data: unknown }) => void) | null = null;
  onclose: ((event: { code: number; reason: string }) => void) | null = null;
  onerror: ((event: unknown) => void) | null = null;
  send(data: string): void {
    this.sent.push(JSON.parse(data));
  }
  close(code = 1000, reason = ''): void {
    this.readyState = 3;
    queueMicrotask(() => this.onclose?.({ code, reason }));
  }
  receive(frame: Record<string, unknown>): void {
    this.onmessage?.({ data: JSON.stringify(frame) });
  }
  welcome(): void {
    this.receive({
      type: 'welcome',
      protocol: 1,
      connectionId: 'c',
      actor: { kind: 'anonymous', id: null, name: null },
      heartbeatMs: 30000,
      maxMessageBytes: 16384,
    });
  }
}

const tick = () => new Promise((r) => setTimeout(r, 5));

describe('RealtimeClient', () => {
  it('resolves whenReady with a later connection when the first drops before it was ready', async () => {
    const sockets: FakeSocket[] = [];
    const client = new RealtimeClient({
      url: 'ws://x/api/v1/realtime',
      connect: () => {
        const s = new FakeSocket();
        sockets.push(s);
        return s;
      },
      backoff: { initialMs: 1, maxMs: 1, jitter: 0 },
    });
    const channel = client.subscribe('room:1');
    client.connect();
    let ready = false;
    void client.whenReady().then(() => {
      ready = true;
    });
    sockets[0]!.welcome();
    // Dropped while subscribing: the waiter must not be left behind on the dead socket.
    sockets[0]!.close(4000, 'drop');
    await tick();
    expect(sockets).toHaveLength(2);
    sockets[1]!.welcome();
    const subscribe = sockets[1]!.sent.find((m) => m.type === 'subscribe')!;
    sockets[1]!.receive({ type: 'ack', id: subscribe.id, result: { channel: 'room:1', seq: 4, replayed: 0 } });
    await tick();
    expect(ready).toBe(true);
    expect(channel.lastSeq).toBe(4);
    // Messages already seen are not emitted again after a resume.
    const seen: number[] = [];
    channel.on('message', (m) => seen.push(m.seq));
    for (const seq of [4, 5, 5, 6])
      sockets[1]!.receive({ type: 'message', channel: 'room:1', seq, event: 'chat.message', data: {}, at: '' });
    expect(seen).toEqual([5, 6]);
    client.close();
  });

  it('holds a command sent while reconnecting until the new socket is ready, and gives up after waitMs', async () => {
    const sockets: FakeSocket[] = [];
    const client = new RealtimeClient({
      url: 'ws://x/api/v1/realtime',
      connect: () => {
        const s = new FakeSocket();
        sockets.push(s);
        return s;
      },
      backoff: { initialMs: 20, maxMs: 20, jitter: 0 },
    });
    client.connect();
    sockets[0]!.welcome();
    await client.whenReady();
    client.dropConnection();
    await tick();
    // Sent in the gap between the drop and the reconnect: it must go out on the new socket.
    const answer = client.command({ type: 'ping' });
    const late = client.command({ type: 'ping' }, { waitMs: 1 });
    await expect(late).rejects.toMatchObject({ code: 'DISCONNECTED' });
    await new Promise((r) => setTimeout(r, 30));
    expect(sockets).toHaveLength(2);
    sockets[1]!.welcome();
    await tick();
    const sent = sockets[1]!.sent.find((m) => m.type === 'ping')!;
    expect(sent).toBeDefined();
    sockets[1]!.receive({ type: 'ack', id: sent.id, result: { ok: true } });
    await expect(answer).resolves.toEqual({ ok: true });
    client.close();
  });
});
