import { type ChildProcess, spawn } from 'node:child_process';
import { once } from 'node:events';
import path from 'node:path';
import readline from 'node:readline';
import { fileURLToPath } from 'node:url';

export const BENCH_DIR = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
export const REPO_ROOT = path.resolve(BENCH_DIR, '..');

/** The line a bench server prints on stdout once it listens. */
const READY = /^LISTENING (\S+)$/;

export interface ServerProcess {
  name: string;
  /** Base URL, e.g. `http://127.0.0.1:41234`. */
  url: string;
  /** The process id (to read its memory from /proc). */
  pid: number;
  stop(): Promise<void>;
}

/**
 * Starts a bench server (a TypeScript file run through tsx) in its own
 * process, so the server and the load generator do not share an event
 * loop, and waits for it to print `LISTENING <url>`. `BENCH_PROFILE_DIR`
 * writes a V8 CPU profile of each Foyer server there (not of the reference).
 */
export async function startServerProcess(
  name: string,
  script: string,
  options: { env?: Record<string, string>; timeoutMs?: number } = {},
): Promise<ServerProcess> {
  const profile =
    process.env.BENCH_PROFILE_DIR && name === 'foyer'
      ? ['--cpu-prof', `--cpu-prof-dir=${process.env.BENCH_PROFILE_DIR}`]
      : [];
  const child = spawn(process.execPath, [...profile, '--import', 'tsx', script], {
    cwd: REPO_ROOT,
    env: { ...process.env, ...options.env },
    stdio: ['ignore', 'pipe', 'inherit'],
  });
  const url = await waitForReady(name, child, options.timeoutMs ?? 60_000);
  return {
    name,
    url,
    pid: child.pid!,
    async stop() {
      if (child.exitCode !== null || child.signalCode !== null) return;
      const exited = once(child, 'exit');
      child.kill('SIGTERM');
      const timer = setTimeout(() => child.kill('SIGKILL'), 10_000);
      await exited;
      clearTimeout(timer);
    },
  };
}

function waitForReady(name: string, child: ChildProcess, timeoutMs: number): Promise<string> {
  return new Promise((resolve, reject) => {
    const lines = readline.createInterface({ input: child.stdout! });
    const timer = setTimeout(() => {
      child.kill('SIGKILL');
      reject(new Error(`${name} did not start within ${timeoutMs} ms`));
    }, timeoutMs);
    const onExit = (code: number | null, signal: NodeJS.Signals | null) => {
      clearTimeout(timer);
      reject(new Error(`${name} exited before listening (code ${code}, signal ${signal})`));
    };
    child.once('exit', onExit);
    lines.on('line', (line) => {
      const match = READY.exec(line.trim());
      if (!match) {
        process.stderr.write(`[${name}] ${line}\n`);
        return;
      }
      clearTimeout(timer);
      child.off('exit', onExit);
      resolve(match[1]!);
    });
  });
}

/** For bench servers: announce the address and close cleanly on SIGTERM/SIGINT. */
export function announceListening(url: string, close: () => Promise<void>): void {
  process.stdout.write(`LISTENING ${url}\n`);
  const stop = () => {
    close().then(
      () => process.exit(0),
      (err: unknown) => {
        console.error(err);
        process.exit(1);
      },
    );
  };
  process.once('SIGTERM', stop);
  process.once('SIGINT', stop);
}
