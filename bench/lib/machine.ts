import fs from 'node:fs';
import os from 'node:os';

/** The machine a benchmark ran on: figures mean nothing without it. */
export interface MachineDescription {
  cpu: string;
  cores: number;
  memoryGiB: number;
  node: string;
  os: string;
  arch: string;
  /** 1, 5 and 15 minute load averages when the run started: a busy machine skews every figure. */
  loadAverage: number[];
}

export function describeMachine(): MachineDescription {
  const cpus = os.cpus();
  return {
    cpu: cpus[0]?.model.trim() || 'unknown CPU',
    cores: typeof os.availableParallelism === 'function' ? os.availableParallelism() : cpus.length,
    memoryGiB: Math.round((os.totalmem() / 1024 ** 3) * 10) / 10,
    node: process.version,
    os: osName(),
    arch: process.arch,
    loadAverage: os.loadavg().map((n) => Math.round(n * 100) / 100),
  };
}

/** One line for the top of a report. */
export function formatMachine(m: MachineDescription): string {
  const line = `Machine: ${m.cpu}, ${m.cores} cores, ${m.memoryGiB} GiB RAM · Node ${m.node} · ${m.os} (${m.arch})`;
  const busy = (m.loadAverage[0] ?? 0) > m.cores / 2;
  return `${line}\nLoad average at start: ${m.loadAverage.join(', ')}${busy ? ' — the machine is busy; figures will be low and noisy' : ''}`;
}

function osName(): string {
  try {
    const release = fs.readFileSync('/etc/os-release', 'utf8');
    const pretty = /^PRETTY_NAME="?([^"\n]+)"?$/m.exec(release)?.[1];
    if (pretty) return `${pretty}, kernel ${os.release()}`;
  } catch {
    // Not Linux, or no os-release: fall back to what Node knows.
  }
  return `${os.type()} ${os.release()}`;
}
