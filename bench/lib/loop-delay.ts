import fs from 'node:fs';
import { monitorEventLoopDelay } from 'node:perf_hooks';

/** Event-loop delay of a bench server over one phase, in milliseconds. */
export interface LoopDelay {
  p50: number;
  p99: number;
  max: number;
}

/** The sampling interval of the delay monitors: Node's histogram counts it in every sample. */
export const LOOP_RESOLUTION_MS = 10;

/** A sample of `monitorEventLoopDelay` (ns) as the delay beyond the sampling interval, in ms. */
export function loopDelayMs(ns: number): number {
  return Math.max(0, Math.round((ns / 1e6 - LOOP_RESOLUTION_MS) * 100) / 100);
}

/**
 * For bench servers: when `BENCH_LOOP_DELAY_FILE` is set, each SIGUSR2
 * writes the event-loop delay seen since the previous one to that file (as
 * JSON) and starts over. A loop blocked for 600 ms delays every message
 * in flight by as much, whatever the CPU time per message.
 */
export function reportLoopDelayOnSignal(): void {
  const file = process.env.BENCH_LOOP_DELAY_FILE;
  if (!file) return;
  const histogram = monitorEventLoopDelay({ resolution: LOOP_RESOLUTION_MS });
  histogram.enable();
  process.on('SIGUSR2', () => {
    const ms = (ns: number) => loopDelayMs(ns);
    const delay: LoopDelay = {
      p50: ms(histogram.percentile(50)),
      p99: ms(histogram.percentile(99)),
      max: ms(histogram.max),
    };
    fs.writeFileSync(`${file}.tmp`, JSON.stringify(delay));
    fs.renameSync(`${file}.tmp`, file);
    histogram.reset();
  });
}

/** Asks the server `pid` for its loop delay since the last call (null if it did not answer within a second). */
export async function readLoopDelay(pid: number, file: string): Promise<LoopDelay | null> {
  const before = fs.existsSync(file) ? fs.statSync(file).mtimeMs : 0;
  try {
    process.kill(pid, 'SIGUSR2');
  } catch {
    return null;
  }
  for (let i = 0; i < 100; i++) {
    await new Promise((r) => setTimeout(r, 10));
    if (fs.existsSync(file) && fs.statSync(file).mtimeMs !== before) {
      try {
        return JSON.parse(fs.readFileSync(file, 'utf8')) as LoopDelay;
      } catch {
        // Caught between writes; try again.
      }
    }
  }
  return null;
}
