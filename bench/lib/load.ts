import autocannon from 'autocannon';
import { runWrk, wrkAvailable } from './wrk.ts';

/**
 * The load generator. wrk (C, Debian package `wrk`) is preferred: autocannon
 * parses answers with a JavaScript HTTP parser, and on answers of tens of
 * kilobytes it saturates its own core long before the server does (measured:
 * a bare Fastify sending a static 30 KB buffer, autocannon at 94 % CPU and
 * 1.8k req/s, the server at 25 %; wrk drives the same server to 22k req/s).
 */
export type LoadTool = 'wrk' | 'autocannon';

/** How a load run is shaped; every field can be shortened from the environment for quick runs. */
export interface LoadSettings {
  /** Measured seconds per target. */
  durationSeconds: number;
  /** Unmeasured seconds before each measurement (JIT, caches, connection set-up). */
  warmupSeconds: number;
  connections: number;
  pipelining: number;
  /** Rounds per comparison (`BENCH_ROUNDS`): ours and the reference alternate, and the medians are compared. */
  rounds: number;
  /** `BENCH_LOAD_TOOL`; wrk when installed, otherwise autocannon. */
  tool: LoadTool;
}

/** Load figures of one target. Latencies in milliseconds. */
export interface LoadFigures {
  requestsPerSecond: number;
  latencyP50Ms: number;
  latencyP99Ms: number;
  latencyMaxMs: number;
  requests: number;
  errors: number;
  timeouts: number;
  non2xx: number;
}

/**
 * Settings from `BENCH_DURATION`, `BENCH_WARMUP`, `BENCH_CONNECTIONS` and
 * `BENCH_PIPELINING` (seconds, seconds, count, count), falling back to the
 * given defaults.
 */
export function loadSettingsFromEnv(defaults: Partial<LoadSettings> = {}): LoadSettings {
  return {
    durationSeconds: envNumber('BENCH_DURATION', defaults.durationSeconds ?? 10),
    warmupSeconds: envNumber('BENCH_WARMUP', defaults.warmupSeconds ?? 2),
    connections: envNumber('BENCH_CONNECTIONS', defaults.connections ?? 50),
    pipelining: envNumber('BENCH_PIPELINING', defaults.pipelining ?? 1),
    rounds: Math.max(1, Math.round(envNumber('BENCH_ROUNDS', defaults.rounds ?? 3))),
    tool: loadToolFromEnv(),
  };
}

function loadToolFromEnv(): LoadTool {
  const raw = process.env.BENCH_LOAD_TOOL;
  if (raw === 'autocannon') return 'autocannon';
  if (raw === 'wrk') {
    if (!wrkAvailable()) throw new Error('BENCH_LOAD_TOOL=wrk but wrk is not installed (apt-get install wrk)');
    return 'wrk';
  }
  if (raw) throw new Error(`BENCH_LOAD_TOOL must be wrk or autocannon (got ${raw})`);
  return wrkAvailable() ? 'wrk' : 'autocannon';
}

function envNumber(name: string, fallback: number): number {
  const raw = process.env[name];
  if (raw === undefined || raw === '') return fallback;
  const value = Number(raw);
  if (!Number.isFinite(value) || value < 0) throw new Error(`${name} must be a non-negative number (got ${raw})`);
  return value;
}

/** Extra request headers, and a status other than 2xx that counts as success (e.g. 304). */
export interface RequestOptions {
  headers?: Record<string, string>;
  expectedStatus?: 304;
}

/** Warms `url` up, then measures it with the settings' load tool. */
export async function measure(url: string, settings: LoadSettings, options: RequestOptions = {}): Promise<LoadFigures> {
  if (settings.tool === 'wrk') {
    if (settings.pipelining > 1) throw new Error('pipelining needs BENCH_LOAD_TOOL=autocannon');
    // wrk counts 2xx and 3xx alike as successes: the caller checks the status once before measuring.
    const wrk = (seconds: number) =>
      runWrk({
        url,
        seconds,
        connections: settings.connections,
        threads: 1,
        headers: { accept: 'application/json', ...options.headers },
      });
    if (settings.warmupSeconds > 0) await wrk(settings.warmupSeconds);
    return wrk(settings.durationSeconds);
  }
  if (settings.warmupSeconds > 0) await run(url, settings, settings.warmupSeconds, options);
  const result = await run(url, settings, settings.durationSeconds, options);
  // autocannon counts every status outside 2xx as non-2xx; an expected 304 is a success here.
  const expected = options.expectedStatus === 304 ? result['3xx'] : 0;
  return {
    requestsPerSecond: result.requests.average,
    latencyP50Ms: result.latency.p50,
    latencyP99Ms: result.latency.p99,
    latencyMaxMs: result.latency.max,
    requests: result.requests.total,
    errors: result.errors,
    timeouts: result.timeouts,
    non2xx: result.non2xx - expected,
  };
}

function run(
  url: string,
  settings: LoadSettings,
  seconds: number,
  options: RequestOptions,
): Promise<autocannon.Result> {
  return autocannon({
    url,
    duration: Math.max(seconds, 1),
    connections: settings.connections,
    pipelining: settings.pipelining,
    headers: { accept: 'application/json', ...options.headers },
  });
}

/**
 * Measures `ours` and `reference` in alternating rounds and returns the
 * round with the median requests/s of each. On a small shared machine one
 * run can be off by a third either way (other work, CPU frequency); the
 * alternation spreads such drift over both sides.
 */
export async function measureBeside(
  ours: { url: string; options?: RequestOptions },
  reference: { url: string; options?: RequestOptions },
  settings: LoadSettings,
): Promise<{ ours: LoadFigures; theirs: LoadFigures }> {
  const mine: LoadFigures[] = [];
  const theirs: LoadFigures[] = [];
  for (let round = 0; round < settings.rounds; round++) {
    mine.push(await measure(ours.url, settings, ours.options));
    theirs.push(await measure(reference.url, settings, reference.options));
  }
  return { ours: median(mine), theirs: median(theirs) };
}

function median(runs: LoadFigures[]): LoadFigures {
  const sorted = [...runs].sort((a, b) => a.requestsPerSecond - b.requestsPerSecond);
  return sorted[Math.floor((sorted.length - 1) / 2)]!;
}
