// `npm run dev`: the API server (`foyer serve`, development settings) and the
// Vite dev server (hot reload, proxying API paths to the server) together,
// each line prefixed with where it came from. Ctrl-C stops both; if either
// exits, the other is stopped too.
import { spawn } from 'node:child_process';
import path from 'node:path';
import readline from 'node:readline';
import { fileURLToPath } from 'node:url';

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
const port = process.env.PORT || '3000';
const color = process.stdout.isTTY && !process.env.NO_COLOR;
const npm = process.platform === 'win32' ? 'npm.cmd' : 'npm';

const children = [
  start('server', '\x1b[36m', process.execPath, [path.join(root, 'apps/server/bin/foyer.mjs'), 'serve'], {
    NODE_ENV: 'development',
    LOG_LEVEL: process.env.LOG_LEVEL || 'info',
    PORT: port,
  }),
  start('web', '\x1b[35m', npm, ['run', 'dev', '-w', 'apps/web'], { FOYER_API_PORT: port }),
];

let stopping = false;
let exitCode = 0;

function start(name, tint, command, args, env) {
  // Each child leads its own process group, so stopping it also stops what it spawned (npm → vite).
  const child = spawn(command, args, {
    cwd: root,
    env: { ...process.env, ...env },
    stdio: ['ignore', 'pipe', 'pipe'],
    detached: process.platform !== 'win32',
  });
  const prefix = color ? `${tint}[${name}]\x1b[0m ` : `[${name}] `;
  for (const stream of [child.stdout, child.stderr]) {
    readline.createInterface({ input: stream }).on('line', (line) => process.stdout.write(`${prefix}${line}\n`));
  }
  child.on('exit', (code, signal) => {
    child.exited = true;
    if (!stopping) {
      process.stdout.write(`${prefix}exited (${signal ?? `code ${code}`}); stopping the other process\n`);
      exitCode = code || 1;
      stopAll('SIGTERM');
    }
    if (children.every((c) => c.exited)) process.exit(exitCode);
  });
  child.on('error', (err) => {
    process.stdout.write(`${prefix}could not start: ${err.message}\n`);
  });
  return child;
}

function stopAll(signal) {
  stopping = true;
  for (const child of children) {
    if (child.exited || child.pid === undefined) continue;
    try {
      if (process.platform === 'win32') child.kill(signal);
      else process.kill(-child.pid, signal);
    } catch {
      // Already gone.
    }
  }
  // A child that ignores the polite signal is killed after the server's own shutdown timeout.
  setTimeout(() => {
    for (const child of children) {
      if (child.exited || child.pid === undefined) continue;
      try {
        if (process.platform === 'win32') child.kill('SIGKILL');
        else process.kill(-child.pid, 'SIGKILL');
      } catch {
        // Already gone.
      }
    }
    process.exit(exitCode || 1);
  }, 15_000).unref();
}

for (const signal of ['SIGINT', 'SIGTERM', 'SIGHUP']) {
  process.on(signal, () => {
    if (stopping) return;
    process.stdout.write(`\nstopping (${signal}) …\n`);
    stopAll('SIGTERM');
  });
}
