// Sums up a CI run from Vitest JSON reports and prints, last, one line
// `N passed, N failed` (`, N skipped` appended when some were skipped).
//
//   node scripts/ci-summary.mjs [--dir artifacts/ci] artifacts/ci/*.json
//
// Beside each report `<id>.json`, .ci/run leaves `<id>.status` (the stage's
// name, exit code and duration); a stage with a status file and no report
// (it crashed, or its build failed) counts as failed. Exits 1 if any stage
// failed, any test failed, or no test ran at all.
import fs from 'node:fs';
import path from 'node:path';

const args = process.argv.slice(2);
const dirs = new Set();
const reports = [];
for (let i = 0; i < args.length; i++) {
  if (args[i] === '--dir') dirs.add(path.resolve(args[++i] ?? '.'));
  else reports.push(path.resolve(args[i]));
}
for (const file of reports) dirs.add(path.dirname(file));

/** Stages by id, in id order: from status files and from reports. */
const stages = new Map();
const stage = (id) => {
  if (!stages.has(id)) stages.set(id, { id, name: id, exit: null, seconds: null, report: null, problem: null });
  return stages.get(id);
};

for (const dir of dirs) {
  if (!fs.existsSync(dir)) continue;
  for (const entry of fs.readdirSync(dir)) {
    if (!entry.endsWith('.status')) continue;
    const fields = Object.fromEntries(
      fs
        .readFileSync(path.join(dir, entry), 'utf8')
        .split('\n')
        .filter((l) => l.includes('='))
        .map((l) => [l.slice(0, l.indexOf('=')), l.slice(l.indexOf('=') + 1)]),
    );
    const s = stage(entry.slice(0, -'.status'.length));
    s.name = fields.name || s.name;
    s.exit = fields.exit === undefined ? null : Number(fields.exit);
    s.seconds = fields.seconds === undefined ? null : Number(fields.seconds);
  }
}

for (const file of reports) {
  const s = stage(path.basename(file, '.json'));
  if (!fs.existsSync(file)) {
    s.problem = 'no report';
    continue;
  }
  try {
    s.report = JSON.parse(fs.readFileSync(file, 'utf8'));
  } catch (err) {
    s.problem = `unreadable report (${err.message})`;
  }
}

const totals = { passed: 0, failed: 0, skipped: 0 };
const failures = [];
let stageFailed = false;
const lines = [];

for (const s of [...stages.values()].sort((a, b) => a.id.localeCompare(b.id))) {
  const counts = { passed: 0, failed: 0, skipped: 0 };
  const notes = [];
  if (s.report) {
    const r = s.report;
    counts.passed = r.numPassedTests ?? 0;
    counts.failed = r.numFailedTests ?? 0;
    counts.skipped = (r.numPendingTests ?? 0) + (r.numTodoTests ?? 0);
    for (const file of r.testResults ?? []) {
      const failedTests = (file.assertionResults ?? []).filter((a) => a.status === 'failed');
      for (const t of failedTests) failures.push(`[${s.name}] ${relative(file.name)} > ${t.fullName}`);
      // A file that failed with no failing test did not load or a hook failed: count it as one failure.
      if (file.status === 'failed' && failedTests.length === 0) {
        counts.failed++;
        notes.push(`${relative(file.name)} failed to run`);
        failures.push(`[${s.name}] ${relative(file.name)}: ${firstLine(file.message) || 'failed to run'}`);
      }
    }
  }
  // Stage ids starting with 0 (install, lint, typecheck) run no tests; the others are test stages.
  const isTestStage = !s.id.startsWith('0');
  let failed = counts.failed > 0;
  if (s.exit !== null && s.exit !== 0) {
    failed = true;
    notes.push(`exit ${s.exit}`);
  }
  if (s.problem) {
    failed = true;
    notes.push(s.problem);
  } else if (isTestStage && !s.report) {
    failed = true;
    notes.push('no report');
  }
  if (s.report && (s.report.numTotalTests ?? 0) === 0) notes.push('no tests ran');
  if (failed) stageFailed = true;
  totals.passed += counts.passed;
  totals.failed += counts.failed;
  totals.skipped += counts.skipped;

  const what = isTestStage
    ? `${counts.passed} passed, ${counts.failed} failed${counts.skipped ? `, ${counts.skipped} skipped` : ''}`
    : failed
      ? 'failed'
      : 'ok';
  const time = s.seconds !== null ? ` in ${s.seconds} s` : '';
  lines.push(
    `${failed ? 'FAIL' : 'ok  '}  ${s.name.padEnd(36)} ${what}${time}${notes.length ? `  (${notes.join('; ')})` : ''}`,
  );
}

if (lines.length === 0) lines.push('no stage ran and no report was found');
console.log(lines.join('\n'));
if (failures.length > 0) {
  console.log(`\nFailed:\n${failures.map((f) => `  ${f}`).join('\n')}`);
}
const total = totals.passed + totals.failed;
if (total === 0) console.log('\nNo test ran.');
console.log(`\n${totals.passed} passed, ${totals.failed} failed${totals.skipped ? `, ${totals.skipped} skipped` : ''}`);
process.exit(stageFailed || totals.failed > 0 || total === 0 ? 1 : 0);

function relative(file) {
  return file ? path.relative(process.cwd(), file) : '(unknown file)';
}

function firstLine(text) {
  return String(text ?? '')
    .split('\n')
    .find((l) => l.trim() !== '')
    ?.trim()
    .slice(0, 200);
}
