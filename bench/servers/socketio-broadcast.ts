// The Socket.IO 4 reference of bench/stage-chat.ts: what most teams would
// pick. WebSocket transport only (no long-polling upgrade dance), no
// per-message deflate, Socket.IO's own heartbeat (25 s). A `post` event's
// text is numbered and sent to everyone with `io.emit('message', {seq, text})`
// (encoded once per broadcast). Prints `LISTENING <url>`.
import http from 'node:http';
import { Server } from 'socket.io';
import { reportLoopDelayOnSignal } from '../lib/loop-delay.ts';
import { announceListening } from '../lib/server-process.ts';

reportLoopDelayOnSignal();

const server = http.createServer();
const io = new Server(server, { transports: ['websocket'], serveClient: false, perMessageDeflate: false });
// BENCH_PAD_BYTES pads every frame with a `pad` field to about that size (to compare equal frame sizes).
const pad = 'x'.repeat(Math.max(0, Number(process.env.BENCH_PAD_BYTES ?? 0) - 131));
let seq = 0;
io.on('connection', (socket) => {
  socket.on('post', (payload: { text?: unknown }) => {
    if (typeof payload?.text !== 'string') return;
    seq += 1;
    io.emit('message', pad ? { seq, text: payload.text, pad } : { seq, text: payload.text });
  });
});
server.listen(0, '127.0.0.1', () => {
  const { port } = server.address() as { port: number };
  announceListening(`http://127.0.0.1:${port}`, async () => {
    io.disconnectSockets(true);
    await new Promise<void>((resolve) => io.close(() => resolve()));
  });
});
