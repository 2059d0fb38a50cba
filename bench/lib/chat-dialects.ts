// How bench/stage-chat.ts talks to each server over a plain `ws` socket:
// Foyer's realtime protocol (welcome → subscribe → ack, `chat.send`), the
// bare ws reference (any text frame is a post, every frame a message), and
// Socket.IO 4 spoken on its WebSocket transport directly (Engine.IO v4
// packets: `0` open → `40` connect → `42[...]` events, `2` ping → `3` pong),
// so the same light client measures all three.

export type ServerKind = 'foyer' | 'ws' | 'socketio';

export const SERVER_NAMES: Record<ServerKind, string> = {
  foyer: 'Foyer',
  ws: 'bare ws',
  socketio: 'Socket.IO 4',
};

/** Where a client connects, and the chat channel (Foyer's `room:{id}`). */
export interface ChatTarget {
  kind: ServerKind;
  /** The server's HTTP base, e.g. `http://127.0.0.1:41234`. */
  url: string;
  channel: string;
}

export function socketUrl(target: ChatTarget): string {
  const base = target.url.replace(/^http/, 'ws');
  if (target.kind === 'foyer') return `${base}/api/v1/realtime`;
  if (target.kind === 'socketio') return `${base}/socket.io/?EIO=4&transport=websocket`;
  return `${base}/`;
}

/**
 * A message's text carries its phase, its number in the phase and the
 * poster's clock (`performance.timeOrigin + performance.now()`, ms):
 * `SB~<phase>~<n>~<sentAt>~ …`. All processes run on one host, so the
 * receiver's clock reading minus `sentAt` is the delivery latency.
 */
export const MARK = Buffer.from('SB~');
const FILLER = 'Hello from the back row, the sound is great and the slides are readable!';

export function messageText(phase: number, n: number, sentAt: number): string {
  return `SB~${phase}~${n}~${sentAt.toFixed(3)}~ ${FILLER}`;
}

/** Reads `phase`, `n` and `sentAt` after the mark at `at` in a received frame; null when it is not there. */
export function readMark(frame: Buffer, at: number): { phase: number; n: number; sentAt: number } | null {
  let i = at + MARK.length;
  const fields: number[] = [];
  for (let f = 0; f < 3; f++) {
    let value = 0;
    let scale = 0;
    let digits = 0;
    for (; i < frame.length; i++) {
      const c = frame[i]!;
      if (c === 0x7e) break; // ~
      if (c === 0x2e) {
        scale = 1;
        continue;
      }
      if (c < 0x30 || c > 0x39) return null;
      value = value * 10 + (c - 0x30);
      if (scale > 0) scale *= 10;
      digits++;
    }
    if (digits === 0 || i >= frame.length) return null;
    fields.push(scale > 0 ? value / scale : value);
    i++;
  }
  return { phase: fields[0]!, n: fields[1]!, sentAt: fields[2]! };
}

/** What a client sends to subscribe, once the server has greeted it (null: it is subscribed on open). */
export function setupReply(kind: ServerKind, frame: string, channel: string): { send?: string; ready?: boolean } {
  if (kind === 'foyer') {
    if (frame.startsWith('{"type":"welcome"'))
      return { send: JSON.stringify({ type: 'subscribe', id: 'sub', channel }) };
    if (frame.startsWith('{"type":"ack"') && frame.includes('"id":"sub"')) return { ready: true };
    if (frame.startsWith('{"type":"error"')) throw new Error(`subscribe refused: ${frame.slice(0, 300)}`);
    return {};
  }
  if (kind === 'socketio') {
    if (frame.startsWith('0{')) return { send: '40' };
    if (frame.startsWith('40')) return { ready: true };
    if (frame.startsWith('44')) throw new Error(`Socket.IO connect refused: ${frame.slice(0, 300)}`);
    return {};
  }
  return { ready: true };
}

/** The frame a poster sends to post `text` (Foyer: a `chat.send` command with id `id`). */
export function postFrame(kind: ServerKind, channel: string, id: string, text: string): string {
  if (kind === 'foyer') return JSON.stringify({ type: 'chat.send', id, channel, text });
  if (kind === 'socketio') return `42${JSON.stringify(['post', { text }])}`;
  return text;
}
