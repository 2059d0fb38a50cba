// The public programme: requests/s and p99 latency of
// `GET /api/v1/events/{id}/sessions?include=people,location,tags` for a
// published event with 500 sessions, 200 people and 20 locations, anonymous
// (as a visitor or a CDN asks), measured beside a bare Fastify hello-world:
//   - the 200 path: a full answer (after the first, from the version-keyed
//     cache), gzip-compressed as browsers and CDNs ask for it, and uncompressed;
//   - the 304 path: a revalidation with If-None-Match (no database query:
//     the event's version is cached in memory, invalidated by NOTIFY).
// Targets: 200 path ≥ 0.25× the reference, 304 path ≥ 0.60×.
//
// Foyer runs on a fresh PostgreSQL database (BENCH_DATABASE_URL, dropped
// afterwards), as a deployment that serves visitors does;
// BENCH_DATABASE=pglite runs it on the embedded default instead, whose
// database engine shares the one Node.js thread with the server.
//
//   npm run bench -- programme
//   BENCH_DURATION=3 BENCH_ROUNDS=1 npx tsx bench/programme.ts
//   BENCH_DATABASE=pglite npx tsx bench/programme.ts
import path from 'node:path';
import { loadSettingsFromEnv, measureBeside, type RequestOptions } from './lib/load.ts';
import { describeMachine } from './lib/machine.ts';
import { type BenchReport, type Comparison, compare, printReport, writeReport } from './lib/report.ts';
import { BENCH_DIR, type ServerProcess, startServerProcess } from './lib/server-process.ts';
import { createTempDatabase, type TempDatabase } from './lib/temp-database.ts';

const REFERENCE = { name: 'Fastify hello-world', path: '/' };
const TARGETS = { ok: 0.25, notModified: 0.6 };

const settings = loadSettingsFromEnv();
const machine = describeMachine();
const servers: ServerProcess[] = [];
const embedded = process.env.BENCH_DATABASE === 'pglite';
let database: TempDatabase | null = null;

try {
  database = embedded ? null : await createTempDatabase();
  const where = database ? `PostgreSQL database ${database.name}` : 'embedded PGlite';
  console.log(`starting Foyer on ${where} and seeding 500 sessions …`);
  const foyer = await startServerProcess('foyer', path.join(BENCH_DIR, 'servers/foyer-programme.ts'), {
    timeoutMs: 300_000,
    ...(database ? { env: { DATABASE_URL: database.url } } : {}),
  });
  servers.push(foyer);
  const reference = await startServerProcess('fastify', path.join(BENCH_DIR, 'servers/fastify-hello.ts'));
  servers.push(reference);

  const event = (await (await fetch(`${foyer.url}/api/v1/events/bench-org/programme`)).json()) as { id: string };
  const programme = `${foyer.url}/api/v1/events/${event.id}/sessions?include=people,location,tags`;
  const first = await fetch(programme, { headers: { 'accept-encoding': 'identity' } });
  const body = await first.text();
  const etag = first.headers.get('etag');
  const sessions = (JSON.parse(body) as { items: unknown[] }).items.length;
  if (first.status !== 200 || !etag || sessions !== 500) {
    throw new Error(`unexpected programme answer: ${first.status}, etag ${etag}, ${sessions} sessions`);
  }
  const revalidated = await fetch(programme, { headers: { 'if-none-match': etag, 'accept-encoding': 'identity' } });
  if (revalidated.status !== 304) throw new Error(`If-None-Match answered ${revalidated.status}, not 304`);
  // fetch() undoes the compression; ask node:http for the bytes on the wire.
  const gzipped = await new Promise<number>((resolve, reject) => {
    import('node:http').then(({ get }) =>
      get(programme, { headers: { 'accept-encoding': 'gzip' } }, (res) => {
        let n = 0;
        res.on('data', (chunk: Buffer) => {
          n += chunk.length;
        });
        res.on('end', () => resolve(n));
      }).on('error', reject),
    );
  });
  console.log(
    `programme: ${sessions} sessions, ${(Buffer.byteLength(body) / 1024).toFixed(0)} KiB of JSON, ` +
      `${(gzipped / 1024).toFixed(0)} KiB gzip-compressed`,
  );

  const results: Comparison[] = [];
  const lines: { name: string; options: RequestOptions }[] = [
    { name: 'programme 200, gzip', options: { headers: { 'accept-encoding': 'gzip' } } },
    { name: 'programme 200, uncompressed', options: { headers: { 'accept-encoding': 'identity' } } },
    {
      name: 'programme 304 (If-None-Match)',
      options: { headers: { 'if-none-match': etag, 'accept-encoding': 'identity' }, expectedStatus: 304 },
    },
  ];
  for (const line of lines) {
    console.log(`measuring ${line.name} beside ${REFERENCE.name} (${settings.rounds} rounds) …`);
    const { ours, theirs } = await measureBeside(
      { url: programme, options: line.options },
      { url: reference.url + REFERENCE.path },
      settings,
    );
    results.push(compare(line.name, REFERENCE.name, ours, theirs));
  }

  const report: BenchReport = {
    benchmark: 'programme',
    description: `Public programme of a 500-session event (Foyer on ${embedded ? 'PGlite' : 'PostgreSQL'}) vs a bare Fastify hello-world`,
    date: new Date().toISOString(),
    machine,
    settings,
    results,
  };
  printReport(report);
  const [ok, , notModified] = results as [Comparison, Comparison, Comparison];
  console.log(
    `targets: 200 path ${ok.ratio.toFixed(2)}× (≥ ${TARGETS.ok}×: ${ok.ratio >= TARGETS.ok ? 'met' : 'MISSED'}), ` +
      `304 path ${notModified.ratio.toFixed(2)}× (≥ ${TARGETS.notModified}×: ${notModified.ratio >= TARGETS.notModified ? 'met' : 'MISSED'})`,
  );
  console.log(`written to ${path.relative(process.cwd(), writeReport('programme', report))}`);
} finally {
  await Promise.all(servers.map((s) => s.stop()));
  await database?.drop();
}
