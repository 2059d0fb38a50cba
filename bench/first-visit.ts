// A visitor's first visit on a slow phone network: first contentful paint
// (FCP) of /events and of an event's page, the time until the page's own
// content shows, and the JavaScript (and everything) moved over the wire,
// compressed, in headless Chromium with an empty cache.
// Targets: FCP < 2.5 s on both pages; initial JavaScript < 150 KB.
//
// Network profiles (Chrome DevTools Protocol Network.emulateNetworkConditions):
//   - "slow 4G (Lighthouse)": 150 ms RTT, 1.6 Mbit/s down, 750 kbit/s up —
//     Lighthouse's mobile profile, the usual meaning of "slow 4G";
//   - "slow 4G (DevTools)": Chrome DevTools' preset of that name — 562.5 ms
//     latency per request, 1.44 Mbit/s down, 675 kbit/s up (harsher).
// Each with the CPU slowed 4× as Lighthouse does for a mid-range phone.
//
// Foyer runs the embedded default with the demo data set (PGlite in a
// temporary directory) and the production build: run `npm run build` first.
//
//   npx tsx bench/first-visit.ts
//   BENCH_ROUNDS=5 npx tsx bench/first-visit.ts
import { spawn } from 'node:child_process';
import fs from 'node:fs';
import { mkdtemp, rm } from 'node:fs/promises';
import { createServer } from 'node:net';
import os from 'node:os';
import path from 'node:path';
import { chromium } from 'playwright-core';
import { describeMachine, formatMachine } from './lib/machine.ts';
import { table } from './lib/report.ts';
import { REPO_ROOT } from './lib/server-process.ts';

const TARGET_FCP_MS = 2500;
const TARGET_JS_BYTES = 150 * 1024;
const ROUNDS = Number(process.env.BENCH_ROUNDS ?? 3);
const PROFILES = [
  { name: 'slow 4G (Lighthouse)', latency: 150, down: 1.6e6, up: 750e3, cpu: 4 },
  { name: 'slow 4G (DevTools)', latency: 562.5, down: 1.6e6 * 0.9, up: 750e3 * 0.9, cpu: 4 },
] as const;

interface Visit {
  fcpMs: number;
  contentMs: number;
  /** Compressed bodies of the scripts (headers not counted). */
  jsBytes: number;
  scripts: string[];
  cssBytes: number;
  allBytes: number;
  requests: number;
}

const machine = describeMachine();
const webDist = path.join(REPO_ROOT, 'apps/web/dist');
if (!fs.existsSync(path.join(webDist, 'index.html'))) throw new Error('apps/web/dist is missing: run `npm run build`.');

const dataDir = await mkdtemp(path.join(os.tmpdir(), 'foyer-first-visit-'));
const port = await freePort();
const base = `http://127.0.0.1:${port}`;
const server = spawn(process.execPath, [path.join(REPO_ROOT, 'apps/server/bin/foyer.mjs'), 'serve'], {
  cwd: REPO_ROOT,
  env: {
    ...process.env,
    PORT: String(port),
    HOST: '127.0.0.1',
    DATABASE_URL: `pglite://${path.join(dataDir, 'pglite')}`,
    FOYER_DATA_DIR: dataDir,
    FOYER_DEMO: 'true',
    FOYER_WEB_DIST: webDist,
    LOG_LEVEL: 'warn',
  },
  stdio: ['ignore', 'ignore', 'inherit'],
});
const browser = await chromium.launch({
  executablePath: process.env.CHROMIUM_PATH ?? '/usr/bin/chromium',
  args: ['--headless', '--no-sandbox', '--disable-gpu', '--disable-background-networking', '--no-first-run'],
});

try {
  await waitUntilReady();
  const events = (await (await fetch(`${base}/api/v1/events?limit=10`)).json()) as {
    items: { slug: string; organization?: { slug: string }; organizationSlug?: string }[];
  };
  const first = events.items[0];
  const orgSlug = first?.organization?.slug ?? first?.organizationSlug;
  if (!first || !orgSlug) throw new Error(`no public event to visit: ${JSON.stringify(events).slice(0, 300)}`);
  const pages = [
    { name: '/events', url: `${base}/events`, content: 'main h1' },
    { name: `/e/${orgSlug}/${first.slug}`, url: `${base}/e/${orgSlug}/${first.slug}`, content: 'main h1' },
  ];

  console.log(`first-visit: FCP and bytes of a visitor's first visit, ${ROUNDS} round(s), median shown`);
  console.log(formatMachine(machine));
  const rows: string[][] = [];
  let met = true;
  for (const profile of PROFILES) {
    for (const page of pages) {
      const visits: Visit[] = [];
      for (let i = 0; i < ROUNDS; i++) visits.push(await visit(page.url, page.content, profile));
      const fcp = median(visits.map((v) => v.fcpMs));
      const js = median(visits.map((v) => v.jsBytes));
      if (process.env.BENCH_VERBOSE) console.log(`${page.name}: ${visits[0]?.scripts.join(', ')}`);
      met &&= fcp < TARGET_FCP_MS && js < TARGET_JS_BYTES;
      rows.push([
        profile.name,
        page.name,
        `${Math.round(fcp)} ms`,
        `${Math.round(median(visits.map((v) => v.contentMs)))} ms`,
        kb(js),
        kb(median(visits.map((v) => v.cssBytes))),
        kb(median(visits.map((v) => v.allBytes))),
        String(median(visits.map((v) => v.requests))),
      ]);
    }
  }
  console.log(
    table(
      [
        'network (CPU 4× slower)',
        'page',
        'FCP',
        'content shown',
        'JS bodies',
        'CSS bodies',
        'all (with headers)',
        'requests',
      ],
      rows,
    ),
  );
  console.log(
    `Bytes are as transferred (compressed); JS and CSS count bodies only. Targets: FCP < ${TARGET_FCP_MS} ms, JS < 150 KB.`,
  );
  console.log(met ? 'Targets met.' : 'TARGETS NOT MET.');
  console.log(
    `Load average at the end: ${os
      .loadavg()
      .map((n) => n.toFixed(2))
      .join(', ')}`,
  );
  process.exitCode = met ? 0 : 1;
} finally {
  await browser.close();
  server.kill('SIGTERM');
  await new Promise((r) => server.once('exit', r));
  await rm(dataDir, { recursive: true, force: true });
}

async function visit(url: string, contentSelector: string, profile: (typeof PROFILES)[number]): Promise<Visit> {
  const context = await browser.newContext({ viewport: { width: 390, height: 844 }, deviceScaleFactor: 1 });
  const page = await context.newPage();
  const cdp = await context.newCDPSession(page);
  await cdp.send('Network.enable');
  await cdp.send('Network.setCacheDisabled', { cacheDisabled: true });
  await cdp.send('Network.emulateNetworkConditions', {
    offline: false,
    latency: profile.latency,
    downloadThroughput: profile.down / 8,
    uploadThroughput: profile.up / 8,
  });
  await cdp.send('Emulation.setCPUThrottlingRate', { rate: profile.cpu });
  const types = new Map<string, { type: string; url: string; headerBytes: number }>();
  const scripts: string[] = [];
  let js = 0;
  let css = 0;
  let all = 0;
  let requests = 0;
  cdp.on('Network.responseReceived', (e) =>
    types.set(e.requestId, { type: e.type, url: e.response.url, headerBytes: e.response.encodedDataLength }),
  );
  cdp.on('Network.loadingFinished', (e) => {
    requests++;
    all += e.encodedDataLength;
    const seen = types.get(e.requestId);
    const body = e.encodedDataLength - (seen?.headerBytes ?? 0);
    if (seen?.type === 'Script') {
      js += body;
      scripts.push(`${new URL(seen.url).pathname} ${kb(body)}`);
    }
    if (seen?.type === 'Stylesheet') css += body;
  });
  const started = Date.now();
  await page.goto(url, { waitUntil: 'commit' });
  await page.locator(contentSelector).first().waitFor({ state: 'visible', timeout: 60_000 });
  const contentMs = Date.now() - started;
  await page.waitForLoadState('networkidle');
  const fcpMs = await page.evaluate(
    () => performance.getEntriesByName('first-contentful-paint')[0]?.startTime ?? Number.NaN,
  );
  await context.close();
  return { fcpMs, contentMs, jsBytes: js, scripts, cssBytes: css, allBytes: all, requests };
}

function median(values: number[]): number {
  const sorted = [...values].sort((a, b) => a - b);
  return sorted[Math.floor(sorted.length / 2)] ?? Number.NaN;
}

function kb(bytes: number): string {
  return `${(bytes / 1024).toFixed(1)} KB`;
}

async function waitUntilReady(): Promise<void> {
  const deadline = Date.now() + 180_000;
  while (Date.now() < deadline) {
    if (server.exitCode !== null) throw new Error(`Foyer exited with ${server.exitCode}`);
    try {
      if ((await fetch(`${base}/readyz`)).status === 200) return;
    } catch {
      // not listening yet
    }
    await new Promise((r) => setTimeout(r, 300));
  }
  throw new Error('Foyer did not become ready within 180 s');
}

function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const probe = createServer();
    probe.on('error', reject);
    probe.listen(0, '127.0.0.1', () => {
      const address = probe.address();
      probe.close(() =>
        address && typeof address === 'object' ? resolve(address.port) : reject(new Error('no port')),
      );
    });
  });
}
