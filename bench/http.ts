// HTTP baseline: requests/s and p99 latency of Foyer's cheapest endpoints,
// measured beside a bare Fastify hello-world on the same machine in the same
// run. The ratio tells how much Foyer's stack (hooks, helmet, CORS, metrics,
// zod serialization, request ids) costs against Fastify itself.
//
//   npm run bench                      # every benchmark
//   BENCH_DURATION=3 npx tsx bench/http.ts
import path from 'node:path';
import { loadSettingsFromEnv, measureBeside } from './lib/load.ts';
import { describeMachine } from './lib/machine.ts';
import { type BenchReport, type Comparison, compare, printReport, writeReport } from './lib/report.ts';
import { BENCH_DIR, type ServerProcess, startServerProcess } from './lib/server-process.ts';

const TARGETS = [
  { name: 'GET /healthz', path: '/healthz' },
  { name: 'GET /api/v1/version', path: '/api/v1/version' },
];
const REFERENCE = { name: 'Fastify hello-world', path: '/' };

const settings = loadSettingsFromEnv();
const machine = describeMachine();
const servers: ServerProcess[] = [];

try {
  const foyer = await startServerProcess('foyer', path.join(BENCH_DIR, 'servers/foyer.ts'));
  servers.push(foyer);
  const reference = await startServerProcess('fastify', path.join(BENCH_DIR, 'servers/fastify-hello.ts'));
  servers.push(reference);

  const results: Comparison[] = [];
  for (const target of TARGETS) {
    // The reference is measured again beside every target, so drift on a busy machine hits both alike.
    console.log(`measuring ${target.name} beside ${REFERENCE.name} (${settings.rounds} rounds) …`);
    const { ours, theirs } = await measureBeside(
      { url: foyer.url + target.path },
      { url: reference.url + REFERENCE.path },
      settings,
    );
    results.push(compare(target.name, REFERENCE.name, ours, theirs));
  }

  const report: BenchReport = {
    benchmark: 'http',
    description: 'Foyer endpoints vs a bare Fastify hello-world (autocannon)',
    date: new Date().toISOString(),
    machine,
    settings,
    results,
  };
  printReport(report);
  console.log(`written to ${path.relative(process.cwd(), writeReport('http', report))}`);
} finally {
  await Promise.all(servers.map((s) => s.stop()));
}
