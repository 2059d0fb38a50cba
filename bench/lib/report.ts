import fs from 'node:fs';
import path from 'node:path';
import type { LoadFigures, LoadSettings } from './load.ts';
import type { MachineDescription } from './machine.ts';
import { formatMachine } from './machine.ts';
import { REPO_ROOT } from './server-process.ts';

/** One line of a benchmark: our figure, the reference measured beside it, and the ratio. */
export interface Comparison {
  target: string;
  reference: string;
  ours: LoadFigures;
  theirs: LoadFigures;
  /** Our requests/s divided by the reference's: 1 means as fast, 0.5 half as fast. */
  ratio: number;
}

export interface BenchReport {
  benchmark: string;
  description: string;
  date: string;
  machine: MachineDescription;
  settings: LoadSettings;
  results: Comparison[];
}

export function compare(target: string, reference: string, ours: LoadFigures, theirs: LoadFigures): Comparison {
  return {
    target,
    reference,
    ours,
    theirs,
    ratio: theirs.requestsPerSecond > 0 ? ours.requestsPerSecond / theirs.requestsPerSecond : 0,
  };
}

/** Prints the machine, the settings and a table of comparisons. */
export function printReport(report: BenchReport): void {
  const s = report.settings;
  console.log(`\n${report.benchmark}: ${report.description}`);
  console.log(formatMachine(report.machine));
  console.log(
    `Load: ${s.tool}${s.tool === 'wrk' ? ' (1 thread)' : ''}, ${s.connections} connections, pipelining ${s.pipelining}, ${s.warmupSeconds} s warm-up + ${s.durationSeconds} s measured per target, ${s.rounds ?? 1} alternating round(s), medians`,
  );
  const header = ['target', 'our req/s', 'our p99', 'reference', 'ref req/s', 'ref p99', 'ratio'];
  const rows = report.results.map((r) => [
    r.target,
    formatCount(r.ours.requestsPerSecond),
    `${formatMs(r.ours.latencyP99Ms)} ms`,
    r.reference,
    formatCount(r.theirs.requestsPerSecond),
    `${formatMs(r.theirs.latencyP99Ms)} ms`,
    `${r.ratio.toFixed(2)}×`,
  ]);
  console.log(`\n${table(header, rows)}\n`);
  for (const r of report.results) {
    const problems = [problemsOf('ours', r.ours), problemsOf('reference', r.theirs)].filter(Boolean);
    if (problems.length > 0) console.log(`warning: ${r.target}: ${problems.join('; ')}`);
  }
}

/** Writes the report to `artifacts/bench/<name>.json`; returns the path. */
export function writeReport(name: string, report: BenchReport): string {
  const file = path.join(REPO_ROOT, 'artifacts', 'bench', `${name}.json`);
  fs.mkdirSync(path.dirname(file), { recursive: true });
  fs.writeFileSync(file, `${JSON.stringify(report, null, 2)}\n`);
  return file;
}

/** A plain-text table; numeric-looking cells are right-aligned. */
export function table(header: string[], rows: string[][]): string {
  const widths = header.map((h, i) => Math.max(h.length, ...rows.map((r) => (r[i] ?? '').length)));
  const numeric = (cell: string) => /^[\d.,]+( ms|×)?$/.test(cell);
  const line = (cells: string[]) =>
    cells
      .map((c, i) => (numeric(c) ? c.padStart(widths[i]!) : c.padEnd(widths[i]!)))
      .join('  ')
      .trimEnd();
  return [line(header), widths.map((w) => '-'.repeat(w)).join('  '), ...rows.map(line)].join('\n');
}

function formatCount(n: number): string {
  return Math.round(n).toLocaleString('en-US');
}

function formatMs(ms: number): string {
  // autocannon reports whole milliseconds; keep decimals only when there are some.
  return Number.isInteger(ms) ? String(ms) : ms.toFixed(2);
}

function problemsOf(who: string, f: LoadFigures): string {
  const parts: string[] = [];
  if (f.errors > 0) parts.push(`${f.errors} errors`);
  if (f.timeouts > 0) parts.push(`${f.timeouts} timeouts`);
  if (f.non2xx > 0) parts.push(`${f.non2xx} non-2xx responses`);
  return parts.length > 0 ? `${who}: ${parts.join(', ')}` : '';
}
