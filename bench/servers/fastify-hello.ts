// The reference: Fastify's own hello-world, nothing registered but one route.
// Prints `LISTENING <url>`.
import Fastify from 'fastify';
import { announceListening } from '../lib/server-process.ts';

const app = Fastify({ logger: false });
app.get('/', async () => ({ hello: 'world' }));
const url = await app.listen({ port: 0, host: '127.0.0.1' });
announceListening(url, () => app.close());
