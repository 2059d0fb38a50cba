// `npm start`: builds the web app if its production build is missing or
// older than its sources, then runs `foyer serve` in this very process (so
// signals reach the server directly). Extra arguments go to `foyer serve`:
//   npm start -- --role api
import { spawnSync } from 'node:child_process';
import fs from 'node:fs';
import { createRequire } from 'node:module';
import path from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
const web = path.join(root, 'apps/web');
const bin = path.join(root, 'apps/server/bin/foyer.mjs');

// A custom FOYER_WEB_DIST is the operator's own build: leave it alone.
if (!process.env.FOYER_WEB_DIST) {
  const reason = webBuildNeeded();
  if (reason) {
    console.log(`Building the web app (${reason}) …`);
    const code = buildWeb();
    if (code !== 0) {
      console.error(`The web app build failed (exit ${code}); fix it or run \`npm run build -w apps/web\` to see why.`);
      process.exit(code);
    }
  }
}

process.argv = [process.execPath, bin, 'serve', ...process.argv.slice(2)];
await import(pathToFileURL(bin).href);

/** Why the web app must be (re)built, or null when apps/web/dist is up to date. */
function webBuildNeeded() {
  const index = path.join(web, 'dist/index.html');
  if (!fs.existsSync(index)) return 'apps/web/dist is missing';
  const built = fs.statSync(index).mtimeMs;
  const inputs = [
    path.join(web, 'src'),
    path.join(web, 'public'),
    path.join(web, 'index.html'),
    path.join(web, 'vite.config.ts'),
    ...fs.readdirSync(path.join(root, 'packages')).map((p) => path.join(root, 'packages', p, 'src')),
  ];
  for (const input of inputs) {
    const changed = newerThan(input, built);
    if (changed) return `${path.relative(root, changed)} changed since the last build`;
  }
  return null;
}

/** The first file under `target` modified after `time`, or null. */
function newerThan(target, time) {
  let stat;
  try {
    stat = fs.statSync(target);
  } catch {
    return null;
  }
  if (!stat.isDirectory()) return stat.mtimeMs > time ? target : null;
  for (const entry of fs.readdirSync(target)) {
    if (entry === 'node_modules') continue;
    const found = newerThan(path.join(target, entry), time);
    if (found) return found;
  }
  return null;
}

/** Runs Vite's build for apps/web (its own binary: skips npm's start-up). */
function buildWeb() {
  let viteBin;
  try {
    const require = createRequire(path.join(web, 'package.json'));
    const pkgPath = require.resolve('vite/package.json');
    const pkg = JSON.parse(fs.readFileSync(pkgPath, 'utf8'));
    viteBin = path.join(path.dirname(pkgPath), typeof pkg.bin === 'string' ? pkg.bin : pkg.bin.vite);
  } catch {
    console.error('Vite is not installed; run `npm ci` first.');
    return 1;
  }
  const result = spawnSync(process.execPath, [viteBin, 'build', '--logLevel', 'warn'], { cwd: web, stdio: 'inherit' });
  return result.status ?? 1;
}
