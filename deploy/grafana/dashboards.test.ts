// Every panel query of every dashboard in deploy/grafana/ runs against a real
// Prometheus (Debian's) that scraped a running Foyer on PostgreSQL + Redis,
// and must parse and return at least one series.
import { type ChildProcess, spawn } from 'node:child_process';
import { randomUUID } from 'node:crypto';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { REPO_ROOT } from '../../apps/server/src/platform/config/config.ts';
import { registerGuest, seedPublishedEvent } from '../../apps/server/src/platform/testing/seed-over-http.ts';
import {
  freePort,
  type ServerProcess,
  startServerProcess,
} from '../../apps/server/src/platform/testing/server-process.ts';
import { eventually } from '../../apps/server/src/platform/testing/test-app.ts';
import {
  createTestDatabase,
  onRealPostgres,
  redisUrl,
  type TestDatabase,
} from '../../apps/server/src/platform/testing/test-database.ts';
import { TestSocket } from '../../apps/server/src/platform/testing/test-socket.ts';

const prometheusBin = ['/usr/bin/prometheus', '/usr/local/bin/prometheus'].find((p) => fs.existsSync(p));
const DIR = path.join(REPO_ROOT, 'deploy/grafana');

interface Panel {
  title: string;
  targets?: { expr: string }[];
}
const dashboards = fs
  .readdirSync(DIR)
  .filter((f) => f.endsWith('.json'))
  .map((f) => ({
    file: f,
    ...(JSON.parse(fs.readFileSync(path.join(DIR, f), 'utf8')) as { title: string; panels: Panel[] }),
  }));

describe('the Grafana dashboards', () => {
  it('are the five promised, each panel with a query or text, uids unique', () => {
    expect(dashboards.map((d) => d.file).sort()).toEqual([
      'http.json',
      'jobs.json',
      'overview.json',
      'realtime.json',
      'registrations.json',
    ]);
    const uids = dashboards.map((d) => (d as unknown as { uid: string }).uid);
    expect(new Set(uids).size).toBe(uids.length);
  });

  describe.runIf(onRealPostgres && redisUrl && prometheusBin)('against a real scrape', () => {
    let database: TestDatabase | undefined;
    let foyer: ServerProcess | undefined;
    let prometheus: ChildProcess | undefined;
    let socket: TestSocket | undefined;
    const tmp = fs.mkdtempSync(path.join(os.tmpdir(), 'foyer-dashboards-'));
    afterAll(async () => {
      socket?.ws.close();
      if (prometheus && prometheus.exitCode === null) {
        prometheus.kill('SIGTERM');
        await new Promise((r) => prometheus!.once('exit', r));
      }
      await foyer?.stop();
      await database?.drop();
      fs.rmSync(tmp, { recursive: true, force: true });
    });

    it('every panel query parses and returns series', async () => {
      database = await createTestDatabase();
      const port = await freePort();
      foyer = await startServerProcess({
        env: {
          ...database.env,
          REDIS_URL: redisUrl!,
          REDIS_KEY_PREFIX: `dashboards-${randomUUID()}:`,
          FOYER_SECRET: `dashboards-${randomUUID()}`,
          PORT: String(port),
          PUBLIC_URL: `http://127.0.0.1:${port}`,
          LOG_LEVEL: 'warn',
        },
      });
      // Traffic that gives every metric a series: sign-up mail (a job), registrations (domain events), reads, a 404.
      const event = await seedPublishedEvent(foyer.url, { org: 'dash', event: 'board' });
      for (let i = 0; i < 3; i++) await registerGuest(foyer.url, event.id, `guest-${i}@dash.foyer.test`, randomUUID());
      await fetch(`${foyer.url}${event.path}`);
      await fetch(`${foyer.url}/api/v1/nope`);
      // A WebSocket client: frames in (ping, subscribe) and out, and a resume request (since) for the real-time panels.
      socket = await TestSocket.open(foyer.url);
      expect((await socket.command({ type: 'ping' })).type).toBe('ack');
      expect((await socket.command({ type: 'subscribe', channel: `event:${event.id}`, since: 0 })).type).toBe('ack');

      const promPort = await freePort();
      fs.writeFileSync(
        path.join(tmp, 'prometheus.yml'),
        `global: {scrape_interval: 1s, evaluation_interval: 1s}\nscrape_configs:\n  - job_name: foyer-all\n    static_configs: [{targets: ['127.0.0.1:${port}']}]\n`,
      );
      const promLog = fs.openSync(path.join(tmp, 'prometheus.log'), 'w');
      prometheus = spawn(
        prometheusBin!,
        [
          `--config.file=${tmp}/prometheus.yml`,
          `--storage.tsdb.path=${tmp}/data`,
          `--web.listen-address=127.0.0.1:${promPort}`,
        ],
        { stdio: ['ignore', promLog, promLog] },
      );
      const prom = `http://127.0.0.1:${promPort}`;
      await eventually(async () => (await fetch(`${prom}/-/ready`)).ok, 60_000).catch((err: Error) => {
        throw new Error(
          `Prometheus not ready: ${err.message}\n${fs.readFileSync(path.join(tmp, 'prometheus.log'), 'utf8')}`,
        );
      });
      const query = async (expr: string) =>
        (await (await fetch(`${prom}/api/v1/query?query=${encodeURIComponent(expr)}`)).json()) as {
          status: string;
          error?: string;
          data?: { result: unknown[] };
        };
      // Enough samples for rate() and for the confirmations to have been dispatched and mailed.
      await eventually(async () => {
        const r = await query(
          'sum(foyer_mail_delivered_total{job="foyer-all"}) >= 4 and on() count_over_time(up[1m]) > 5',
        );
        return (r.data?.result.length ?? 0) > 0;
      }, 60_000);
      await fetch(`${foyer.url}${event.path}`);
      await new Promise((r) => setTimeout(r, 2_000));

      const problems: string[] = [];
      let queries = 0;
      for (const d of dashboards) {
        for (const panel of d.panels) {
          for (const target of panel.targets ?? []) {
            queries++;
            const r = await query(target.expr);
            if (r.status !== 'success') problems.push(`${d.file} "${panel.title}": ${r.error}`);
            else if ((r.data?.result.length ?? 0) === 0) problems.push(`${d.file} "${panel.title}": no series`);
          }
        }
      }
      expect(queries).toBeGreaterThan(30);
      expect(problems).toEqual([]);
    }, 180_000);
  });
});
