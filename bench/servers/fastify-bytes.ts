// The reference for serving a cached variant: a bare Fastify route sending
// the bytes of BENCH_BYTES_FILE from memory as BENCH_BYTES_TYPE. Nothing else
// registered. Prints `LISTENING <url>`.
import fs from 'node:fs';
import Fastify from 'fastify';
import { announceListening } from '../lib/server-process.ts';

const file = process.env.BENCH_BYTES_FILE;
if (!file) throw new Error('BENCH_BYTES_FILE must name the file to send');
const bytes = fs.readFileSync(file);
const type = process.env.BENCH_BYTES_TYPE ?? 'application/octet-stream';

const app = Fastify({ logger: false });
app.get('/', async (_request, reply) => reply.type(type).send(bytes));
const url = await app.listen({ port: 0, host: '127.0.0.1' });
announceListening(url, () => app.close());
