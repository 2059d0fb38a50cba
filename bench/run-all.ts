// Runs every benchmark in bench/ (each top-level *.ts file but this one), in
// name order, each in its own process. Exits non-zero if any failed.
//
//   npm run bench
//   BENCH_DURATION=3 npm run bench     # shorter runs
import { spawnSync } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import { BENCH_DIR, REPO_ROOT } from './lib/server-process.ts';

const self = path.basename(new URL(import.meta.url).pathname);
const only = process.argv.slice(2);
const benches = fs
  .readdirSync(BENCH_DIR)
  .filter((f) => f.endsWith('.ts') && f !== self && !f.endsWith('.d.ts'))
  .filter((f) => only.length === 0 || only.some((name) => f === name || f === `${name}.ts`))
  .sort();

if (benches.length === 0) {
  console.error(`No benchmark matches ${only.join(', ')}.`);
  process.exit(2);
}

const failed: string[] = [];
for (const file of benches) {
  console.log(`\n=== bench/${file} ===`);
  const result = spawnSync(process.execPath, ['--import', 'tsx', path.join(BENCH_DIR, file)], {
    cwd: REPO_ROOT,
    stdio: 'inherit',
  });
  if (result.status !== 0) failed.push(file);
}

if (failed.length > 0) {
  console.error(`\n${failed.length} of ${benches.length} benchmarks failed: ${failed.join(', ')}`);
  process.exit(1);
}
console.log(`\n${benches.length} benchmark(s) done; figures in artifacts/bench/.`);
