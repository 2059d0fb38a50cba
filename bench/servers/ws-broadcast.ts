// The bare `ws` reference of bench/stage-chat.ts: the Node limit for chat
// fan-out. Every text frame a client sends is numbered and broadcast to
// every open socket, serialised once (`{"type":"message","seq":n,"data":{text}}`).
// No heartbeat, no authentication, no storage. BENCH_PAD_BYTES pads frames
// to about that size. Prints `LISTENING <url>`.
import http from 'node:http';
import { WebSocket, WebSocketServer } from 'ws';
import { reportLoopDelayOnSignal } from '../lib/loop-delay.ts';
import { announceListening } from '../lib/server-process.ts';

reportLoopDelayOnSignal();

const server = http.createServer((_req, res) => res.writeHead(426).end());
const wss = new WebSocketServer({ server, perMessageDeflate: false, maxPayload: 16 * 1024 });
// BENCH_PAD_BYTES pads every frame with a `pad` field to about that size (to compare equal frame sizes).
const padTo = Number(process.env.BENCH_PAD_BYTES ?? 0);
let seq = 0;
wss.on('connection', (ws) => {
  ws.on('message', (data, isBinary) => {
    if (isBinary) return;
    seq += 1;
    let frame = `{"type":"message","seq":${seq},"data":{"text":${JSON.stringify(data.toString())}}}`;
    if (frame.length < padTo) frame = `${frame.slice(0, -2)},"pad":"${'x'.repeat(padTo - frame.length - 10)}"}}`;
    for (const client of wss.clients) if (client.readyState === WebSocket.OPEN) client.send(frame);
  });
});
server.listen(0, '127.0.0.1', () => {
  const { port } = server.address() as { port: number };
  announceListening(`http://127.0.0.1:${port}`, async () => {
    for (const client of wss.clients) client.terminate();
    await new Promise<void>((resolve) => wss.close(() => server.close(() => resolve())));
  });
});
