import { type ChildProcess, execFile, spawn } from 'node:child_process';
import { existsSync } from 'node:fs';
import { mkdir, mkdtemp, rm } from 'node:fs/promises';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { type Browser, type BrowserContext, type BrowserContextOptions, chromium, type Page } from 'playwright-core';
import { type Mailbox, type MailSink, startMailSink } from './mail-sink.ts';

export const REPO_ROOT = fileURLToPath(new URL('../../../', import.meta.url));
export const WEB_DIST = join(REPO_ROOT, 'apps/web/dist');
export const SCREENSHOT_DIR = join(REPO_ROOT, 'artifacts/screenshots');

/** Overridable so the same tests can run against another build of the server. */
const SERVER_ENTRY = resolve(REPO_ROOT, process.env.FOYER_E2E_SERVER_ENTRY ?? 'apps/server/bin/foyer.mjs');
const READY_TIMEOUT_MS = 60_000;
const STOP_GRACE_MS = 10_000;
const LOG_LIMIT = 64 * 1024;

export interface Harness {
  /** Origin of the running server, e.g. `http://127.0.0.1:43817`. */
  baseUrl: string;
  browser: Browser;
  /** Every email the server sent, caught by an SMTP sink. */
  mailbox: Mailbox;
  /**
   * Opens a page in a brand-new browser context, so every test starts with
   * empty storage (no remembered language or colour scheme).
   */
  newPage(options?: BrowserContextOptions): Promise<Page>;
  /** Console errors and uncaught exceptions seen by a page (CSP violations show up here too). */
  browserProblems(page: Page): readonly string[];
  /** What the server wrote to stdout/stderr so far (the last 64 KiB). */
  serverOutput(): string;
  close(): Promise<void>;
}

export async function freePort(): Promise<number> {
  return new Promise((resolvePort, reject) => {
    const probe = createServer();
    probe.unref();
    probe.on('error', reject);
    probe.listen(0, '127.0.0.1', () => {
      const address = probe.address();
      probe.close(() => {
        if (address && typeof address === 'object') resolvePort(address.port);
        else reject(new Error('could not determine a free port'));
      });
    });
  });
}

interface ServerProcess {
  child: ChildProcess;
  output: () => string;
}

/**
 * The database the server runs on: in memory, or an embedded one in a temporary directory
 * when a platform admin must exist first (`foyer admin create` runs on it before the server
 * starts; the CLI cannot reach a `memory://` database in another process).
 */
export interface HarnessOptions {
  platformAdmin?: { email: string; password: string; name?: string };
}

function runCli(args: string[], env: NodeJS.ProcessEnv): Promise<void> {
  return new Promise((resolveRun, reject) => {
    execFile(process.execPath, [SERVER_ENTRY, ...args], { cwd: REPO_ROOT, env }, (error, stdout, stderr) => {
      if (error) reject(new Error(`foyer ${args[0]} failed: ${error.message}\n${stdout}\n${stderr}`));
      else resolveRun();
    });
  });
}

function spawnServer(port: number, smtpUrl: string, database: NodeJS.ProcessEnv): ServerProcess {
  let log = '';
  const append = (chunk: Buffer) => {
    log = (log + chunk.toString('utf8')).slice(-LOG_LIMIT);
  };
  const child = spawn(process.execPath, [SERVER_ENTRY, 'serve'], {
    cwd: REPO_ROOT,
    env: {
      ...process.env,
      PORT: String(port),
      HOST: '127.0.0.1',
      // Emailed links must point at the address the browser uses.
      PUBLIC_URL: `http://127.0.0.1:${port}`,
      SMTP_URL: smtpUrl,
      DATABASE_URL: 'memory://',
      LOG_LEVEL: 'warn',
      FOYER_WEB_DIST: WEB_DIST,
      ...database,
    },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  child.stdout?.on('data', append);
  child.stderr?.on('data', append);
  return { child, output: () => log };
}

function hasExited(child: ChildProcess): boolean {
  return child.exitCode !== null || child.signalCode !== null;
}

async function waitUntilReady(baseUrl: string, server: ServerProcess): Promise<void> {
  const deadline = Date.now() + READY_TIMEOUT_MS;
  let lastAnswer = 'no answer yet';
  while (Date.now() < deadline) {
    if (hasExited(server.child)) {
      throw new Error(
        `Foyer server exited (code ${server.child.exitCode}, signal ${server.child.signalCode}) before it was ready.\n` +
          `--- server output ---\n${server.output()}`,
      );
    }
    try {
      const res = await fetch(`${baseUrl}/readyz`, { signal: AbortSignal.timeout(2_000) });
      if (res.status === 200) return;
      lastAnswer = `HTTP ${res.status}: ${(await res.text()).slice(0, 500)}`;
    } catch (error) {
      lastAnswer = String(error);
    }
    await new Promise((r) => setTimeout(r, 250));
  }
  throw new Error(
    `Foyer server did not answer GET /readyz with 200 within ${READY_TIMEOUT_MS / 1000} s (last: ${lastAnswer}).\n` +
      `--- server output ---\n${server.output()}`,
  );
}

async function stopServer(child: ChildProcess): Promise<void> {
  if (hasExited(child)) return;
  const exited = new Promise<void>((r) => child.once('exit', () => r()));
  child.kill('SIGTERM');
  const timer = new Promise<'timeout'>((r) => setTimeout(() => r('timeout'), STOP_GRACE_MS).unref());
  if ((await Promise.race([exited, timer])) === 'timeout') {
    console.warn(`Foyer server ignored SIGTERM for ${STOP_GRACE_MS / 1000} s; sending SIGKILL`);
    child.kill('SIGKILL');
    await exited;
  }
}

function launchBrowser(): Promise<Browser> {
  // `launch` gives Chromium a fresh, empty temporary profile (Playwright
  // creates and deletes it); each test then opens its own isolated context.
  return chromium.launch({
    executablePath: process.env.CHROMIUM_PATH ?? '/usr/bin/chromium',
    args: [
      '--headless',
      '--no-sandbox',
      '--disable-gpu',
      '--disable-background-networking',
      '--disable-component-update',
      '--disable-sync',
      '--no-first-run',
    ],
  });
}

/** Starts the Foyer server serving the built web app, waits until it is ready, and launches Chromium. */
export async function startHarness(options: HarnessOptions = {}): Promise<Harness> {
  if (!existsSync(join(WEB_DIST, 'index.html'))) {
    throw new Error(`${WEB_DIST}/index.html is missing: run \`npm run build -w apps/web\` first.`);
  }
  if (!existsSync(SERVER_ENTRY)) throw new Error(`Server entry ${SERVER_ENTRY} does not exist.`);

  const port = await freePort();
  const baseUrl = `http://127.0.0.1:${port}`;
  const mail: MailSink = await startMailSink();
  // Uploaded files go to a directory of this harness's own, removed on close (not the repo's ./data).
  const dataDir = await mkdtemp(join(tmpdir(), 'foyer-e2e-'));
  let database: NodeJS.ProcessEnv = { FOYER_DATA_DIR: dataDir };
  if (options.platformAdmin) {
    database = { DATABASE_URL: `pglite://${join(dataDir, 'pglite')}`, FOYER_DATA_DIR: dataDir, FOYER_DEMO: 'false' };
    const admin = options.platformAdmin;
    const args = ['admin', 'create', '--email', admin.email, '--password', admin.password];
    await runCli([...args, '--name', admin.name ?? 'Platform Admin'], {
      ...process.env,
      LOG_LEVEL: 'warn',
      ...database,
    }).catch(async (error: unknown) => {
      await mail.close();
      await rm(dataDir, { recursive: true, force: true });
      throw error;
    });
  }
  const server = spawnServer(port, mail.url, database);
  let browser: Browser | undefined;
  try {
    await waitUntilReady(baseUrl, server);
    browser = await launchBrowser();
  } catch (error) {
    await browser?.close().catch(() => {});
    await stopServer(server.child);
    await mail.close();
    await rm(dataDir, { recursive: true, force: true });
    throw error;
  }

  const contexts = new Set<BrowserContext>();
  const problems = new WeakMap<Page, string[]>();
  const launched = browser;

  return {
    baseUrl,
    browser: launched,
    mailbox: mail,
    async newPage(options = {}) {
      const context = await launched.newContext({
        baseURL: baseUrl,
        viewport: { width: 1280, height: 800 },
        locale: 'en-US',
        colorScheme: 'light',
        ...options,
      });
      // Fail fast: every wait here is for something local, which is quick when it works.
      context.setDefaultTimeout(10_000);
      contexts.add(context);
      context.on('close', () => contexts.delete(context));
      const page = await context.newPage();
      const seen: string[] = [];
      problems.set(page, seen);
      page.on('pageerror', (error) => seen.push(`pageerror: ${error.message}`));
      // Addresses the app has no page for are answered 404 on purpose (with the not-found page);
      // Chromium reports that status of the document as a console error, which is no problem here.
      const notFoundDocuments = new Set<string>();
      page.on('response', (response) => {
        const request = response.request();
        if (response.status() === 404 && request.isNavigationRequest() && request.frame() === page.mainFrame()) {
          notFoundDocuments.add(response.url());
        }
      });
      page.on('console', (message) => {
        if (message.type() !== 'error') return;
        if (/status of 404/.test(message.text()) && notFoundDocuments.has(message.location().url)) return;
        const where = message.location().url;
        seen.push(`console.error: ${message.text()}${where ? ` (${where})` : ''}`);
      });
      return page;
    },
    browserProblems: (page) => problems.get(page) ?? [],
    serverOutput: server.output,
    async close() {
      await Promise.allSettled([...contexts].map((context) => context.close()));
      await launched.close().catch(() => {});
      await stopServer(server.child);
      await mail.close();
      await rm(dataDir, { recursive: true, force: true });
    },
  };
}

/**
 * Saves a PNG to `<repo>/artifacts/screenshots/<name>.png` and returns its path.
 * Full page by default; pass `fullPage: false` for overlays fixed to the viewport (drawers, modals).
 */
export async function screenshot(page: Page, name: string, { fullPage = true } = {}): Promise<string> {
  await mkdir(SCREENSHOT_DIR, { recursive: true });
  const path = join(SCREENSHOT_DIR, `${name}.png`);
  // Let web fonts and Mantine's transitions settle so screenshots are stable.
  await page.evaluate(() => document.fonts.ready);
  // A full-page shot of a scrolled page would show the fixed header halfway down.
  if (fullPage) await page.evaluate(() => window.scrollTo(0, 0));
  await page.waitForTimeout(250);
  await page.screenshot({ path, fullPage, animations: 'disabled' });
  return path;
}
