import { type ChildProcess, spawn } from 'node:child_process';
import net from 'node:net';
import path from 'node:path';
import { REPO_ROOT } from '../config/config.ts';

export interface ServerProcess {
  child: ChildProcess;
  port: number;
  url: string;
  /** Everything the process printed so far (JSON log lines). */
  output(): string;
  exited: Promise<number | null>;
  stop(signal?: NodeJS.Signals): Promise<number | null>;
}

export async function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const srv = net.createServer();
    srv.listen(0, '127.0.0.1', () => {
      const { port } = srv.address() as net.AddressInfo;
      srv.close(() => resolve(port));
    });
    srv.on('error', reject);
  });
}

/**
 * Starts a real Foyer process — `foyer <args>` or a TypeScript fixture —
 * and resolves once `/readyz` answers 200.
 */
export async function startServerProcess(options: {
  env: Record<string, string>;
  args?: string[];
  /** A .ts file to run with tsx instead of the CLI. */
  script?: string;
  waitReady?: boolean;
  timeoutMs?: number;
}): Promise<ServerProcess> {
  const port = Number(options.env.PORT ?? (await freePort()));
  const command = options.script
    ? // `node --import tsx`, not the tsx CLI: signals must reach the server itself, not a relaying parent.
      [process.execPath, ['--import', 'tsx', options.script, ...(options.args ?? [])]]
    : [process.execPath, [path.join(REPO_ROOT, 'apps/server/bin/foyer.mjs'), ...(options.args ?? ['serve'])]];
  const child = spawn(command[0] as string, command[1] as string[], {
    // No demo data on first start unless a test asks for it.
    env: {
      ...process.env,
      LOG_LEVEL: 'info',
      HOST: '127.0.0.1',
      FOYER_DEMO: 'false',
      ...options.env,
      PORT: String(port),
    },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let out = '';
  child.stdout!.on('data', (d) => {
    out += d;
  });
  child.stderr!.on('data', (d) => {
    out += d;
  });
  const exited = new Promise<number | null>((resolve) => child.on('exit', (code) => resolve(code)));
  const url = `http://127.0.0.1:${port}`;
  const proc: ServerProcess = {
    child,
    port,
    url,
    output: () => out,
    exited,
    stop: async (signal = 'SIGTERM') => {
      if (child.exitCode === null) child.kill(signal);
      return exited;
    },
  };
  if (options.waitReady !== false) {
    const deadline = Date.now() + (options.timeoutMs ?? 60_000);
    let ready = false;
    while (!ready && Date.now() < deadline) {
      if (child.exitCode !== null) throw new Error(`server exited with ${child.exitCode}:\n${out}`);
      ready = await fetch(`${url}/readyz`).then(
        (r) => r.status === 200,
        () => false,
      );
      if (!ready) await new Promise((r) => setTimeout(r, 100));
    }
    if (!ready) {
      child.kill('SIGKILL');
      throw new Error(`server not ready in time:\n${out}`);
    }
  }
  return proc;
}
