// Media: what images and uploads cost, each figure beside a reference
// measured in the same run on the same machine.
//   (a) a cached 800-px WebP variant served by Foyer (`GET /media/{id}/image`,
//       which looks the item up in the database on every request) beside a
//       bare Fastify route sending the same bytes from memory: target ≥ 0.5×;
//   (b) cold variants: Foyer's resize endpoint, every request a variant never
//       made before (decode, resize, encode, store), beside raw sharp doing the
//       same pipeline on the same originals in this benchmark's process, with
//       the same concurrency as Foyer's resize pool: target ≥ 0.7×;
//   (c) 200 concurrent 1 MB multipart uploads: all stored, and the server's
//       peak RSS (VmHWM, read from /proc) stays under 400 MB.
//
// Foyer runs in its own process on a fresh PostgreSQL database
// (BENCH_DATABASE_URL, dropped afterwards), files on local disk;
// BENCH_DATABASE=pglite runs it on the embedded default instead. The load
// generator for (a) is wrk (or autocannon) in its own process; (b) and (c)
// send from this process, which does little more than wait.
//
//   npm run bench -- media
//   BENCH_DURATION=3 BENCH_ROUNDS=1 npx tsx bench/media.ts
import fs from 'node:fs';
import http from 'node:http';
import os from 'node:os';
import path from 'node:path';
import { performance } from 'node:perf_hooks';
import sharp from 'sharp';
import { type LoadFigures, loadSettingsFromEnv, measureBeside } from './lib/load.ts';
import { describeMachine } from './lib/machine.ts';
import { processStats } from './lib/proc-stats.ts';
import { type BenchReport, type Comparison, compare, printReport, table, writeReport } from './lib/report.ts';
import { BENCH_DIR, type ServerProcess, startServerProcess } from './lib/server-process.ts';
import { createTempDatabase, type TempDatabase } from './lib/temp-database.ts';

const TARGETS = { cached: 0.5, cold: 0.7, rssMiB: 400 };
/** Cold originals, and the widths asked of them (one round per width, so every request is a miss). */
const COLD_IMAGES = Number(process.env.BENCH_COLD_IMAGES ?? 24);
const COLD_WIDTHS = [800, 640, 960, 480, 1200];
/** Foyer's default resize pool (MEDIA_RESIZE_CONCURRENCY); raw sharp gets the same. */
const RESIZE_CONCURRENCY = 2;
const UPLOADS = Number(process.env.BENCH_UPLOADS ?? 200);
const UPLOAD_BYTES = 1024 * 1024;
const MiB = 1024 * 1024;

const settings = loadSettingsFromEnv();
const machine = describeMachine();
const servers: ServerProcess[] = [];
const embedded = process.env.BENCH_DATABASE === 'pglite';
let database: TempDatabase | null = null;
const scratch = fs.mkdtempSync(path.join(os.tmpdir(), 'foyer-bench-media-ref-'));

/** A photo-like JPEG: smooth colour fields from upscaled noise, different for each seed. */
async function photo(width: number, height: number, seed: number): Promise<Buffer> {
  const w = Math.ceil(width / 40);
  const h = Math.ceil(height / 40);
  const raw = Buffer.alloc(w * h * 3);
  let x = seed * 7919 + 1;
  for (let i = 0; i < raw.length; i++) {
    x = (x * 1103515245 + 12345) & 0x7fffffff;
    raw[i] = x >> 16;
  }
  const fields = await sharp(raw, { raw: { width: w, height: h, channels: 3 } })
    .resize(width, height, { kernel: 'cubic' })
    .png()
    .toBuffer();
  // Fine grain on top, so the encoder has detail to work on as in a real photo.
  const grain = Buffer.alloc(width * height);
  for (let i = 0; i < grain.length; i++) {
    x = (x * 1103515245 + 12345) & 0x7fffffff;
    grain[i] = x >> 23;
  }
  return sharp(fields)
    .composite([{ input: grain, raw: { width, height, channels: 1 }, blend: 'overlay' }])
    .jpeg({ quality: 85 })
    .toBuffer();
}

function multipartBody(filename: string, contentType: string, bytes: Buffer): { body: Buffer; type: string } {
  const boundary = `----foyerbench${Math.random().toString(16).slice(2)}`;
  return {
    type: `multipart/form-data; boundary=${boundary}`,
    body: Buffer.concat([
      Buffer.from(
        `--${boundary}\r\ncontent-disposition: form-data; name="file"; filename="${filename}"\r\ncontent-type: ${contentType}\r\n\r\n`,
      ),
      bytes,
      Buffer.from(`\r\n--${boundary}--\r\n`),
    ]),
  };
}

/** One POST over node:http with its own connection (no pool limit): status and body. */
function post(url: string, headers: Record<string, string>, body: Buffer): Promise<{ status: number; body: string }> {
  return new Promise((resolve, reject) => {
    const req = http.request(url, {
      method: 'POST',
      headers: { ...headers, 'content-length': body.length },
      agent: false,
    });
    req.on('response', (res) => {
      let text = '';
      res.setEncoding('utf8');
      res.on('data', (c: string) => {
        text += c;
      });
      res.on('end', () => resolve({ status: res.statusCode ?? 0, body: text }));
    });
    req.on('error', reject);
    req.end(body);
  });
}

function rssMiB(pid: number): { rss: number; peak: number } {
  const { rssBytes, peakRssBytes } = processStats(pid);
  return { rss: rssBytes / 1024 ** 2, peak: peakRssBytes / 1024 ** 2 };
}

/** Runs `jobs` with at most `concurrency` at once; answers the elapsed seconds and each job's milliseconds. */
async function timed(jobs: (() => Promise<void>)[], concurrency: number): Promise<{ seconds: number; ms: number[] }> {
  const ms: number[] = [];
  let next = 0;
  const started = performance.now();
  await Promise.all(
    Array.from({ length: concurrency }, async () => {
      while (next < jobs.length) {
        const job = jobs[next++]!;
        const t0 = performance.now();
        await job();
        ms.push(performance.now() - t0);
      }
    }),
  );
  return { seconds: (performance.now() - started) / 1000, ms };
}

function figures(run: { seconds: number; ms: number[] }, errors = 0): LoadFigures {
  const sorted = [...run.ms].sort((a, b) => a - b);
  const at = (q: number) =>
    Math.round((sorted[Math.min(sorted.length - 1, Math.floor(q * sorted.length))] ?? 0) * 100) / 100;
  return {
    requestsPerSecond: run.ms.length / run.seconds,
    latencyP50Ms: at(0.5),
    latencyP99Ms: at(0.99),
    latencyMaxMs: at(1),
    requests: run.ms.length,
    errors,
    timeouts: 0,
    non2xx: 0,
  };
}

async function resizeCount(base: string): Promise<number> {
  const text = await (await fetch(`${base}/metrics`)).text();
  return Number(/^foyer_media_image_resizes_total(?:\{[^}]*\})? (\d+)/m.exec(text)?.[1] ?? Number.NaN);
}

try {
  database = embedded ? null : await createTempDatabase();
  const where = database ? `PostgreSQL database ${database.name}` : 'embedded PGlite';
  console.log(`starting Foyer on ${where}, files on local disk …`);
  const startFoyer = () =>
    startServerProcess('foyer', path.join(BENCH_DIR, 'servers/foyer-media.ts'), {
      timeoutMs: 120_000,
      ...(database ? { env: { DATABASE_URL: database.url } } : {}),
    });
  const json = async (res: Response) => {
    const body = (await res.json()) as Record<string, unknown>;
    if (!res.ok) throw new Error(`${res.url} answered ${res.status}: ${JSON.stringify(body)}`);
    return body;
  };
  /** An organizer and their organization, over HTTP as a client would. */
  const organization = async (base: string, name: string) => {
    await json(
      await fetch(`${base}/api/v1/auth/signup`, {
        method: 'POST',
        headers: { 'content-type': 'application/json' },
        body: JSON.stringify({ email: `${name}@media.foyer.test`, password: 'violet tram quietly folds 42', name }),
      }),
    );
    // Sign-up answers alike for new and known addresses (no tokens): then sign in.
    const session = await json(
      await fetch(`${base}/api/v1/auth/login`, {
        method: 'POST',
        headers: { 'content-type': 'application/json' },
        body: JSON.stringify({ email: `${name}@media.foyer.test`, password: 'violet tram quietly folds 42' }),
      }),
    );
    const auth = { authorization: `Bearer ${String(session.accessToken)}` };
    const org = await json(
      await fetch(`${base}/api/v1/orgs`, {
        method: 'POST',
        headers: { ...auth, 'content-type': 'application/json' },
        body: JSON.stringify({ name: `Media ${name}`, slug: `media-${name}` }),
      }),
    );
    return { auth, orgId: String(org.id) };
  };
  let foyer = await startFoyer();
  servers.push(foyer);
  let base = foyer.url;
  let { auth, orgId } = await organization(base, 'images');

  /** Uploads an image and makes it public (alt text first: public images need it). */
  const uploadPublicImage = async (bytes: Buffer, name: string): Promise<string> => {
    const { body, type } = multipartBody(name, 'image/jpeg', bytes);
    const res = await post(`${base}/api/v1/orgs/${orgId}/media`, { ...auth, 'content-type': type }, body);
    if (res.status !== 201) throw new Error(`upload of ${name} answered ${res.status}: ${res.body}`);
    const id = String((JSON.parse(res.body) as { id: string }).id);
    await json(
      await fetch(`${base}/api/v1/media/${id}`, {
        method: 'PATCH',
        headers: { ...auth, 'content-type': 'application/json' },
        body: JSON.stringify({ altText: `Benchmark photo ${name}`, visibility: 'public' }),
      }),
    );
    return id;
  };

  // (a) the cached variant.
  const original = await photo(2400, 1600, 1);
  const heroId = await uploadPublicImage(original, 'hero.jpg');
  const variantUrl = `${base}/api/v1/media/${heroId}/image?w=800&format=webp`;
  const first = await fetch(variantUrl);
  const variant = Buffer.from(await first.arrayBuffer());
  const meta = await sharp(variant).metadata();
  if (first.status !== 200 || first.headers.get('content-type') !== 'image/webp' || meta.width !== 800) {
    throw new Error(`variant answered ${first.status} ${first.headers.get('content-type')} ${meta.width}px`);
  }
  const resizesBefore = await resizeCount(base);
  const again = Buffer.from(await (await fetch(variantUrl)).arrayBuffer());
  if (!again.equals(variant) || (await resizeCount(base)) !== resizesBefore) {
    throw new Error('the second request for the variant did not come from the cache');
  }
  console.log(
    `original ${(original.length / 1024).toFixed(0)} KiB JPEG 2400×1600; variant ${(variant.length / 1024).toFixed(1)} KiB WebP 800×${meta.height}`,
  );
  const bytesFile = path.join(scratch, 'variant.webp');
  fs.writeFileSync(bytesFile, variant);
  const reference = await startServerProcess('fastify', path.join(BENCH_DIR, 'servers/fastify-bytes.ts'), {
    env: { BENCH_BYTES_FILE: bytesFile, BENCH_BYTES_TYPE: 'image/webp' },
  });
  servers.push(reference);
  const check = Buffer.from(await (await fetch(reference.url)).arrayBuffer());
  if (!check.equals(variant)) throw new Error('the reference does not send the same bytes');

  const results: Comparison[] = [];
  console.log(`measuring the cached variant beside a bare Fastify route (${settings.rounds} rounds) …`);
  const accept = { headers: { accept: 'image/avif,image/webp,*/*' } };
  const cached = await measureBeside(
    { url: variantUrl, options: accept },
    { url: reference.url, options: accept },
    settings,
  );
  results.push(compare('cached 800-px WebP variant', 'Fastify, same bytes from memory', cached.ours, cached.theirs));
  await reference.stop();
  servers.pop();

  // (b) cold variants.
  console.log(`uploading ${COLD_IMAGES} originals for the cold variants …`);
  const originals: Buffer[] = [];
  const coldIds: string[] = [];
  for (let i = 0; i < COLD_IMAGES; i++) {
    const bytes = await photo(2400, 1600, 100 + i);
    originals.push(bytes);
    coldIds.push(await uploadPublicImage(bytes, `cold-${i}.jpg`));
  }
  const rounds = COLD_WIDTHS.slice(0, Math.max(1, Math.min(COLD_WIDTHS.length, settings.rounds)));
  const ours: LoadFigures[] = [];
  const theirs: LoadFigures[] = [];
  let coldErrors = 0;
  for (const width of rounds) {
    const before = await resizeCount(base);
    const foyerRun = await timed(
      coldIds.map((id) => async () => {
        const res = await fetch(`${base}/api/v1/media/${id}/image?w=${width}&format=webp`);
        const bytes = Buffer.from(await res.arrayBuffer());
        if (res.status !== 200 || bytes.length === 0) coldErrors++;
      }),
      RESIZE_CONCURRENCY,
    );
    const made = (await resizeCount(base)) - before;
    if (made !== coldIds.length) throw new Error(`${made} resizes for ${coldIds.length} cold requests at w=${width}`);
    ours.push(figures(foyerRun, coldErrors));
    // The same pipeline as Foyer's (image-variants.ts): EXIF orientation, fit inside, WebP q80.
    const sharpRun = await timed(
      originals.map((bytes) => async () => {
        await sharp(bytes, { failOn: 'none', animated: false })
          .rotate()
          .resize({ width, fit: 'inside', withoutEnlargement: true })
          .webp({ quality: 80 })
          .toBuffer();
      }),
      RESIZE_CONCURRENCY,
    );
    theirs.push(figures(sharpRun));
    console.log(
      `  w=${width}: Foyer ${ours.at(-1)!.requestsPerSecond.toFixed(1)} images/s, raw sharp ${theirs.at(-1)!.requestsPerSecond.toFixed(1)} images/s`,
    );
  }
  const median = (runs: LoadFigures[]) =>
    [...runs].sort((a, b) => a.requestsPerSecond - b.requestsPerSecond)[Math.floor((runs.length - 1) / 2)]!;
  results.push(
    compare(
      `cold variants (${COLD_IMAGES} × 2400×1600 JPEG → WebP)`,
      'raw sharp, same images and concurrency',
      median(ours),
      median(theirs),
    ),
  );

  // The image work leaves sharp's caches and the variant memory cache behind; the upload figure is
  // taken on a fresh server, so it says what uploads cost, and this one is reported beside it.
  const rssAfterImages = rssMiB(foyer.pid);
  await foyer.stop();
  servers.splice(servers.indexOf(foyer), 1);
  foyer = await startFoyer();
  servers.push(foyer);
  base = foyer.url;
  ({ auth, orgId } = await organization(base, 'uploads'));

  // (c) 200 concurrent 1 MB uploads: distinct bytes each (identical ones would be deduplicated).
  console.log(`sending ${UPLOADS} concurrent ${UPLOAD_BYTES / MiB} MB uploads …`);
  const quotaBefore = (await json(await fetch(`${base}/api/v1/orgs/${orgId}/media-quota`, { headers: auth }))) as {
    usedBytes: number;
  };
  const mp4Header = Buffer.from('00000018667479706973736d000002006973736d69736f32', 'hex');
  const bodies = Array.from({ length: UPLOADS }, (_, i) => {
    const bytes = Buffer.alloc(UPLOAD_BYTES);
    for (let at = 0; at < bytes.length; at += 4) bytes.writeUInt32LE(((at + 1) * 2654435761 + i * 40503) >>> 0, at);
    mp4Header.copy(bytes, 0);
    return multipartBody(`clip-${i}.mp4`, 'video/mp4', bytes);
  });
  const rssBefore = rssMiB(foyer.pid);
  let rssSampled = rssBefore.rss;
  const sampler = setInterval(() => {
    rssSampled = Math.max(rssSampled, rssMiB(foyer.pid).rss);
  }, 50);
  const uploadStart = performance.now();
  const answers = await Promise.all(
    bodies.map(({ body, type }) =>
      post(`${base}/api/v1/orgs/${orgId}/media`, { ...auth, 'content-type': type }, body).catch((err: Error) => ({
        status: 0,
        body: err.message,
      })),
    ),
  );
  const uploadSeconds = (performance.now() - uploadStart) / 1000;
  clearInterval(sampler);
  const rssAfter = rssMiB(foyer.pid);
  const created = answers.filter((a) => a.status === 201).length;
  const failures = answers.filter((a) => a.status !== 201);
  const quotaAfter = (await json(await fetch(`${base}/api/v1/orgs/${orgId}/media-quota`, { headers: auth }))) as {
    usedBytes: number;
  };
  const storedBytes = quotaAfter.usedBytes - quotaBefore.usedBytes;
  let videos = 0;
  let cursor: string | null = null;
  do {
    const page = (await json(
      await fetch(
        `${base}/api/v1/orgs/${orgId}/media?kind=video&limit=200${cursor ? `&cursor=${encodeURIComponent(cursor)}` : ''}`,
        { headers: auth },
      ),
    )) as { items: unknown[]; nextCursor: string | null };
    videos += page.items.length;
    cursor = page.nextCursor;
  } while (cursor);
  const uploads = {
    uploads: UPLOADS,
    bytesEach: UPLOAD_BYTES,
    created,
    listed: videos,
    storedBytes,
    seconds: Math.round(uploadSeconds * 100) / 100,
    rssBeforeMiB: Math.round(rssBefore.rss),
    rssSampledPeakMiB: Math.round(rssSampled),
    rssPeakMiB: Math.round(rssAfter.peak),
    imageServerRssMiB: Math.round(rssAfterImages.rss),
    imageServerRssPeakMiB: Math.round(rssAfterImages.peak),
    failures: failures.slice(0, 5).map((f) => `${f.status}: ${f.body.slice(0, 200)}`),
  };

  const report: BenchReport & { uploads: typeof uploads } = {
    benchmark: 'media',
    description: `Image variants and uploads (Foyer on ${embedded ? 'PGlite' : 'PostgreSQL'}, files on local disk)`,
    date: new Date().toISOString(),
    machine,
    settings,
    results,
    uploads,
  };
  printReport(report);
  console.log(
    `cold variants: ${rounds.length} round(s) of ${COLD_IMAGES} images at concurrency ${RESIZE_CONCURRENCY} (widths ${rounds.join(', ')}), medians; req/s = images/s`,
  );
  console.log(
    `\n${table(
      ['uploads', 'stored (201)', 'listed', 'stored MiB', 'seconds', 'RSS before', 'RSS peak (VmHWM)'],
      [
        [
          `${UPLOADS} × 1 MB, concurrent`,
          String(created),
          String(videos),
          (storedBytes / MiB).toFixed(0),
          uploads.seconds.toFixed(2),
          `${uploads.rssBeforeMiB} MiB`,
          `${uploads.rssPeakMiB} MiB`,
        ],
      ],
    )}\n`,
  );
  console.log(
    `the server of (a) and (b), after the image work: RSS ${uploads.imageServerRssMiB} MiB, peak ${uploads.imageServerRssPeakMiB} MiB (sharp/libvips caches, variants kept in memory)`,
  );
  if (failures.length > 0) console.log(`upload failures: ${uploads.failures.join(' | ')}`);
  const [cachedLine, coldLine] = results as [Comparison, Comparison];
  const verdict = (ok: boolean) => (ok ? 'met' : 'MISSED');
  const allStored = created === UPLOADS && videos === UPLOADS && storedBytes === UPLOADS * UPLOAD_BYTES;
  console.log(
    `targets: cached ${cachedLine.ratio.toFixed(2)}× (≥ ${TARGETS.cached}×: ${verdict(cachedLine.ratio >= TARGETS.cached)}), ` +
      `cold ${coldLine.ratio.toFixed(2)}× (≥ ${TARGETS.cold}×: ${verdict(coldLine.ratio >= TARGETS.cold)}), ` +
      `uploads ${created}/${UPLOADS} stored (${verdict(allStored)}), peak RSS ${uploads.rssPeakMiB} MiB (< ${TARGETS.rssMiB}: ${verdict(uploads.rssPeakMiB < TARGETS.rssMiB)})`,
  );
  console.log(`written to ${path.relative(process.cwd(), writeReport('media', report))}`);
} finally {
  await Promise.all(servers.map((s) => s.stop()));
  await database?.drop();
  fs.rmSync(scratch, { recursive: true, force: true });
}
