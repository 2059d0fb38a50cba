// A rush of sign-ups on real PostgreSQL: 5,000 concurrent registration
// attempts over HTTP for an event with 1,000 seats and a waiting list.
// Prints registrations/s, p50/p99 latency, the confirmed count (must be
// exactly 1,000) and the waitlisted count (must be 4,000, positions 1…4,000);
// beside it the same SQL run by pgbench (registration.pgbench.sql) on the same
// database — the database's own limit for this work — and the ratio.
// Targets: ≥ 1,000 registrations/s and ≥ 0.5× pgbench.
//
//   npm run bench -- registration-burst
//   BENCH_DATABASE_URL=postgres://postgres@127.0.0.1:5432/postgres npx tsx bench/registration-burst.ts
//   BURST_ATTEMPTS=5000 BENCH_CONNECTIONS=100 PGBENCH_SECONDS=10
import { spawnSync } from 'node:child_process';
import path from 'node:path';
import autocannon from 'autocannon';
import { describeMachine, formatMachine } from './lib/machine.ts';
import { table, writeReport } from './lib/report.ts';
import { BENCH_DIR, type ServerProcess, startServerProcess } from './lib/server-process.ts';
import { createTempDatabase } from './lib/temp-database.ts';

const ATTEMPTS = Number(process.env.BURST_ATTEMPTS ?? 5000);
const SEATS = 1000;
const CONNECTIONS = Number(process.env.BENCH_CONNECTIONS ?? 100);
const POOL_SIZE = Number(process.env.DATABASE_POOL_SIZE ?? 10);
const PGBENCH_SECONDS = Number(process.env.PGBENCH_SECONDS ?? 10);
const TARGETS = { perSecond: 1000, ratio: 0.5 };

const machine = describeMachine();
let server: ServerProcess | null = null;

const database = await createTempDatabase();
const withDb = database.withClient;
try {
  console.log(`database ${database.name}; starting Foyer (migrating, seeding the event) …`);
  server = await startServerProcess('foyer', path.join(BENCH_DIR, 'servers/foyer-registration.ts'), {
    // The burst comes from many addresses through a proxy the server trusts, as a real rush does:
    // guest registrations are limited per client address (REGISTRATION_GUEST_LIMIT_PER_IP).
    env: { DATABASE_URL: database.url, DATABASE_POOL_SIZE: String(POOL_SIZE), TRUST_PROXY: '127.0.0.1' },
    timeoutMs: 180_000,
  });
  const event = (await (await fetch(`${server.url}/api/v1/events/bench-org/burst`)).json()) as {
    id: string;
    organizationId: string;
  };

  // Warm the JIT and the connection pool on a few registrations of the
  // same event, then take them back out so the burst starts from zero seats.
  console.log('warming up …');
  await burst(server.url, event.id, 'warmup', 300, 20);
  await withDb(async (c) => {
    await c.query('delete from registrations where event_id = $1', [event.id]);
    await c.query('update registration_counters set confirmed = 0, waitlisted = 0 where event_id = $1', [event.id]);
    await c.query('vacuum analyze registrations');
  });

  console.log(`burst: ${ATTEMPTS} registration attempts over ${CONNECTIONS} connections …`);
  const result = await burst(server.url, event.id, 'burst', ATTEMPTS, CONNECTIONS);
  const perSecond = result.requests.total / (result.duration || 1);
  const counts = await withDb(async (c) => {
    const rows = await c.query<{ status: string; n: number; positions: number; max: number | null }>(
      `select status, count(*)::int as n, count(distinct waitlist_position)::int as positions,
              max(waitlist_position) as max
         from registrations where event_id = $1 group by status`,
      [event.id],
    );
    return Object.fromEntries(rows.rows.map((r) => [r.status, r]));
  });
  const confirmed = counts.confirmed?.n ?? 0;
  const waitlisted = counts.waitlisted?.n ?? 0;
  const positionsDense =
    waitlisted === 0 || (counts.waitlisted!.positions === waitlisted && counts.waitlisted!.max === waitlisted);

  console.log(`pgbench: the same statements, ${POOL_SIZE} clients (the server's pool size), ${PGBENCH_SECONDS} s …`);
  const pgbenchTps = runPgbench(event.id, event.organizationId);
  const ratio = pgbenchTps > 0 ? perSecond / pgbenchTps : 0;

  console.log(`\nregistration-burst: ${ATTEMPTS} concurrent registrations for ${SEATS} seats vs pgbench`);
  console.log(formatMachine(machine));
  console.log(`Load: autocannon, ${CONNECTIONS} connections, one POST each, every body a different guest`);
  console.log(
    `\n${table(
      ['figure', 'value'],
      [
        ['registrations/s (HTTP)', perSecond.toFixed(0)],
        ['p50 latency', `${result.latency.p50} ms`],
        ['p99 latency', `${result.latency.p99} ms`],
        ['201 answers', String(result['2xx'])],
        ['other answers / errors', `${result.non2xx} / ${result.errors}`],
        ['confirmed', String(confirmed)],
        ['waitlisted', String(waitlisted)],
        ['waitlist positions 1…n, no gaps', positionsDense ? 'yes' : 'NO'],
        ['pgbench transactions/s', pgbenchTps.toFixed(0)],
        ['ratio HTTP / pgbench', `${ratio.toFixed(2)}×`],
      ],
    )}\n`,
  );
  const ok = confirmed === SEATS && waitlisted === ATTEMPTS - SEATS && positionsDense && result.non2xx === 0;
  console.log(
    `targets: ${perSecond.toFixed(0)}/s (≥ ${TARGETS.perSecond}: ${perSecond >= TARGETS.perSecond ? 'met' : 'MISSED'}), ` +
      `${ratio.toFixed(2)}× pgbench (≥ ${TARGETS.ratio}×: ${ratio >= TARGETS.ratio ? 'met' : 'MISSED'}), ` +
      `counts ${ok ? 'correct' : 'WRONG'}`,
  );
  const file = writeReport('registration-burst', {
    benchmark: 'registration-burst',
    description: `${ATTEMPTS} concurrent registrations for ${SEATS} seats on PostgreSQL vs pgbench`,
    date: new Date().toISOString(),
    machine,
    settings: {
      durationSeconds: result.duration,
      warmupSeconds: 0,
      connections: CONNECTIONS,
      pipelining: 1,
      rounds: 1,
      tool: 'autocannon',
    },
    results: [
      {
        target: 'registrations over HTTP',
        reference: `pgbench (${POOL_SIZE} clients)`,
        ours: {
          requestsPerSecond: perSecond,
          latencyP50Ms: result.latency.p50,
          latencyP99Ms: result.latency.p99,
          latencyMaxMs: result.latency.max,
          requests: result.requests.total,
          errors: result.errors,
          timeouts: result.timeouts,
          non2xx: result.non2xx,
        },
        theirs: {
          requestsPerSecond: pgbenchTps,
          latencyP50Ms: 0,
          latencyP99Ms: 0,
          latencyMaxMs: 0,
          requests: 0,
          errors: 0,
          timeouts: 0,
          non2xx: 0,
        },
        ratio,
      },
    ],
  });
  console.log(`written to ${path.relative(process.cwd(), file)}`);
  if (!ok) process.exitCode = 1;
} finally {
  await server?.stop();
  await database.drop();
}

/** `attempts` POSTs over `connections` keep-alive connections, each a different guest. */
function burst(url: string, eventId: string, label: string, attempts: number, connections: number) {
  let n = 0;
  return autocannon({
    url,
    connections,
    amount: attempts,
    timeout: 60,
    requests: [
      {
        method: 'POST',
        path: `/api/v1/events/${eventId}/registrations`,
        headers: { 'content-type': 'application/json', accept: 'application/json' },
        setupRequest: (req) => {
          n += 1;
          const body = {
            email: `${label}-${n}@bench.foyer.test`,
            name: `Guest ${n}`,
            answers: {},
            acknowledgedRequirements: [],
          };
          // 2,500 addresses (RFC 2544's benchmarking range), two people behind each.
          const client = n % 2500;
          const headers = {
            ...req.headers,
            'x-forwarded-for': `198.18.${Math.floor(client / 250)}.${1 + (client % 250)}`,
          };
          return { ...req, headers, body: JSON.stringify(body) };
        },
      },
    ],
  });
}

function runPgbench(eventId: string, organizationId: string): number {
  const run = spawnSync(
    'pgbench',
    [
      '-n',
      '-M',
      'prepared',
      '-c',
      String(POOL_SIZE),
      '-j',
      '2',
      '-T',
      String(PGBENCH_SECONDS),
      '-D',
      `event=${eventId}`,
      '-D',
      `org=${organizationId}`,
      '-f',
      path.join(BENCH_DIR, 'sql/registration.pgbench.sql'),
      database.url,
    ],
    { encoding: 'utf8' },
  );
  const tps = /tps = ([\d.]+)/.exec(run.stdout ?? '');
  if (run.status !== 0 || !tps) {
    throw new Error(`pgbench failed (${run.error?.message ?? run.status}): ${run.stderr}${run.stdout}`);
  }
  return Number(tps[1]);
}
