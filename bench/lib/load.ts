import autocannon from 'autocannon';

/** How a load run is shaped; every field can be shortened from the environment for quick runs. */
export interface LoadSettings {
  /** Measured seconds per target. */
  durationSeconds: number;
  /** Unmeasured seconds before each measurement (JIT, caches, connection set-up). */
  warmupSeconds: number;
  connections: number;
  pipelining: number;
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
  };
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

/** Warms `url` up, then measures it with autocannon. */
export async function measure(url: string, settings: LoadSettings, options: RequestOptions = {}): Promise<LoadFigures> {
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
