import type { ServerMessage } from '@foyer/contracts';
import WebSocket from 'ws';

/**
 * A raw realtime socket for tests: records every frame, sends commands and
 * waits for their ack or error.
 */
export class TestSocket {
  readonly frames: ServerMessage[] = [];
  private waiters: { match: (f: ServerMessage) => boolean; resolve: (f: ServerMessage) => void }[] = [];
  private nextId = 1;
  closed: Promise<{ code: number; reason: string }>;

  private constructor(readonly ws: WebSocket) {
    ws.on('message', (data) => {
      const frame = JSON.parse(String(data)) as ServerMessage;
      this.frames.push(frame);
      this.waiters = this.waiters.filter((w) => {
        if (!w.match(frame)) return true;
        w.resolve(frame);
        return false;
      });
    });
    this.closed = new Promise((resolve) => ws.on('close', (code, reason) => resolve({ code, reason: String(reason) })));
  }

  static async open(baseUrl: string, headers: Record<string, string> = {}): Promise<TestSocket> {
    const ws = new WebSocket(`${baseUrl.replace(/^http/, 'ws')}/api/v1/realtime`, { headers });
    const socket = new TestSocket(ws);
    await socket.next((f) => f.type === 'welcome');
    return socket;
  }

  /** The first frame (already received or coming) that matches. */
  next(match: (f: ServerMessage) => boolean, timeoutMs = 5000): Promise<ServerMessage> {
    const seen = this.frames.find(match);
    if (seen) return Promise.resolve(seen);
    return new Promise((resolve, reject) => {
      const timer = setTimeout(() => reject(new Error(`no matching frame within ${timeoutMs} ms`)), timeoutMs);
      this.waiters.push({
        match,
        resolve: (f) => {
          clearTimeout(timer);
          resolve(f);
        },
      });
    });
  }

  /** Sends a command and answers the server's ack or error for it. */
  async command(command: Record<string, unknown>): Promise<Extract<ServerMessage, { type: 'ack' | 'error' }>> {
    const id = `c${this.nextId++}`;
    this.ws.send(JSON.stringify({ ...command, id }));
    return (await this.next((f) => (f.type === 'ack' || f.type === 'error') && f.id === id)) as Extract<
      ServerMessage,
      { type: 'ack' | 'error' }
    >;
  }

  messages(channel: string): Extract<ServerMessage, { type: 'message' }>[] {
    return this.frames.filter(
      (f): f is Extract<ServerMessage, { type: 'message' }> => f.type === 'message' && f.channel === channel,
    );
  }

  close(): void {
    this.ws.close();
  }
}
