import { execFile } from 'node:child_process';
import fs from 'node:fs';
import { promisify } from 'node:util';
import type { LoadFigures } from './load.ts';

const run = promisify(execFile);

/** Where Debian's `wrk` package puts the binary; `BENCH_WRK` overrides it. */
export const WRK_PATH = process.env.BENCH_WRK || '/usr/bin/wrk';

/** Whether `wrk` can be used on this machine. */
export function wrkAvailable(): boolean {
  try {
    fs.accessSync(WRK_PATH, fs.constants.X_OK);
    return true;
  } catch {
    return false;
  }
}

/** One wrk run; `threads` load-generator threads (1 leaves the other core to the server on 2 cores). */
export interface WrkRun {
  url: string;
  seconds: number;
  connections: number;
  threads: number;
  headers: Record<string, string>;
}

/**
 * Runs wrk and reads its figures. wrk counts only statuses outside 2xx/3xx
 * as failures, so a 304 is a success; `expect304` additionally treats
 * anything that is not 304 as a failure — that check is done by the caller
 * before the run (wrk does not report per-status counts).
 */
export async function runWrk(options: WrkRun): Promise<LoadFigures> {
  const args = [
    `-t${options.threads}`,
    `-c${Math.max(options.connections, options.threads)}`,
    `-d${Math.max(1, Math.round(options.seconds))}s`,
    '--latency',
    ...Object.entries(options.headers).flatMap(([name, value]) => ['-H', `${name}: ${value}`]),
    options.url,
  ];
  const { stdout } = await run(WRK_PATH, args, { maxBuffer: 1 << 20 });
  return parseWrkOutput(stdout);
}

/** Reads wrk's text report (its `--latency` form). Exported for its test. */
export function parseWrkOutput(text: string): LoadFigures {
  const number = (pattern: RegExp, fallback?: number): number => {
    const match = pattern.exec(text);
    if (!match) {
      if (fallback !== undefined) return fallback;
      throw new Error(`wrk output has no ${pattern}:\n${text}`);
    }
    return Number(match[1]);
  };
  const duration = (pattern: RegExp): number => {
    const match = pattern.exec(text);
    if (!match) throw new Error(`wrk output has no ${pattern}:\n${text}`);
    return toMs(Number(match[1]), match[2]!);
  };
  const socket = /Socket errors: connect (\d+), read (\d+), write (\d+), timeout (\d+)/.exec(text);
  return {
    requestsPerSecond: number(/Requests\/sec:\s+([\d.]+)/),
    latencyP50Ms: duration(/^\s+50%\s+([\d.]+)(us|ms|s)\b/m),
    latencyP99Ms: duration(/^\s+99%\s+([\d.]+)(us|ms|s)\b/m),
    latencyMaxMs: duration(/^\s+Latency\s+\S+\s+\S+\s+([\d.]+)(us|ms|s)\b/m),
    requests: number(/(\d+) requests in/),
    errors: socket ? Number(socket[1]) + Number(socket[2]) + Number(socket[3]) : 0,
    timeouts: socket ? Number(socket[4]) : 0,
    non2xx: number(/Non-2xx or 3xx responses: (\d+)/, 0),
  };
}

function toMs(value: number, unit: string): number {
  if (unit === 'us') return value / 1000;
  if (unit === 's') return value * 1000;
  return value;
}
