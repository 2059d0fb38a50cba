import { spawnSync } from 'node:child_process';
import fs from 'node:fs';

const CLOCK_TICK_MS = 1000 / Number(spawnSync('getconf', ['CLK_TCK'], { encoding: 'utf8' }).stdout.trim() || 100);

/** A process's CPU time (user + system, and system alone) and its resident and peak resident memory, from /proc. */
export function processStats(pid: number): { cpuMs: number; systemMs: number; rssBytes: number; peakRssBytes: number } {
  try {
    const stat = fs.readFileSync(`/proc/${pid}/stat`, 'utf8');
    const fields = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
    // Fields 14 and 15 of stat (utime, stime) are 12 and 13 after the command name.
    const cpuMs = (Number(fields[11]) + Number(fields[12])) * CLOCK_TICK_MS;
    const systemMs = Number(fields[12]) * CLOCK_TICK_MS;
    const status = fs.readFileSync(`/proc/${pid}/status`, 'utf8');
    const kib = (field: string) => Number(new RegExp(`^${field}:\\s+(\\d+)`, 'm').exec(status)?.[1] ?? 0);
    return { cpuMs, systemMs, rssBytes: kib('VmRSS') * 1024, peakRssBytes: kib('VmHWM') * 1024 };
  } catch {
    return { cpuMs: 0, systemMs: 0, rssBytes: 0, peakRssBytes: 0 };
  }
}

/** Busy and total jiffies of all cores, from /proc/stat (busy = everything but idle and iowait). */
export function machineCpu(): { busy: number; total: number } {
  try {
    const line = fs.readFileSync('/proc/stat', 'utf8').split('\n')[0]!;
    const v = line.trim().split(/\s+/).slice(1, 9).map(Number);
    const total = v.reduce((a, b) => a + b, 0);
    return { busy: total - v[3]! - v[4]!, total };
  } catch {
    return { busy: 0, total: 0 };
  }
}
