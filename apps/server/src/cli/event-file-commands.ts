import fs from 'node:fs/promises';
import pino from 'pino';
import type { AuditActor } from '../modules/audit/index.ts';
import { type ApplyResult, catalogModule, eventFileErrorsOf } from '../modules/catalog/index.ts';
import { modules } from '../modules/index.ts';
import type { Config } from '../platform/config/config.ts';
import { createLogger } from '../platform/logger.ts';
import { servicesOf } from '../platform/module.ts';
import { Platform } from '../platform/platform.ts';

/** What the command line does is done by the system, not by a user. */
export const CLI_ACTOR: AuditActor = { type: 'system', id: null };

async function withPlatform(config: Config, run: (platform: Platform) => Promise<number>): Promise<number> {
  // Logs to stderr: stdout is the event file (`foyer export > event.yaml`) or the command's report.
  const logger = createLogger({ logLevel: 'warn' }, {}, pino.destination(2));
  const platform = new Platform({ ...config, logLevel: 'warn' }, { role: 'api', logger, modules });
  await platform.start();
  try {
    return await run(platform);
  } finally {
    await platform.stop();
  }
}

/** `foyer export EVENT`: the event file of an event (id or `orgSlug/eventSlug`) on stdout. */
export async function runExportCommand(config: Config, ref: string | undefined): Promise<number> {
  if (!ref) {
    console.error('Usage: foyer export EVENT > event.yaml   (EVENT: an event id or orgSlug/eventSlug)');
    return 2;
  }
  return withPlatform(config, async (platform) => {
    const files = servicesOf(platform, catalogModule).eventFiles;
    const eventId = await files.resolveEvent(ref);
    if (!eventId) {
      console.error(`No event ${JSON.stringify(ref)} (give an event id or orgSlug/eventSlug).`);
      return 1;
    }
    process.stdout.write((await files.export(eventId)).yaml);
    return 0;
  });
}

/**
 * `foyer apply -f FILE [--org SLUG]`: creates or updates the event of the
 * file in the organization (`--org`, else the file's `organization`).
 * Errors print as `FILE:LINE:COLUMN path: message`.
 */
export async function runApplyCommand(
  config: Config,
  options: { file: string | undefined; org: string | undefined },
): Promise<number> {
  if (!options.file) {
    console.error('Usage: foyer apply -f event.yaml [--org SLUG]   (-f - reads standard input)');
    return 2;
  }
  const name = options.file === '-' ? '<stdin>' : options.file;
  let text: string;
  try {
    text = options.file === '-' ? await readStdin() : await fs.readFile(options.file, 'utf8');
  } catch (err) {
    console.error(`Cannot read ${name}: ${(err as Error).message}`);
    return 1;
  }
  return withPlatform(config, async (platform) => {
    const files = servicesOf(platform, catalogModule).eventFiles;
    try {
      const parsed = files.parse(text);
      const orgSlug = options.org ?? parsed.file.organization;
      if (!orgSlug) {
        console.error(`${name}: say which organization: --org SLUG (or \`organization:\` in the file).`);
        return 2;
      }
      const orgId = await files.organizationIdBySlug(orgSlug);
      if (!orgId) {
        console.error(`No organization with the slug ${JSON.stringify(orgSlug)}.`);
        return 1;
      }
      console.log(describeApply(await files.apply(orgId, parsed, CLI_ACTOR, null), orgSlug));
      return 0;
    } catch (err) {
      const errors = eventFileErrorsOf(err);
      if (!errors) throw err;
      for (const e of errors) console.error(`${name}:${e.line}:${e.column} ${e.path ? `${e.path}: ` : ''}${e.message}`);
      console.error(`${name}: not applied (${errors.length} error${errors.length === 1 ? '' : 's'}); nothing changed.`);
      return 1;
    }
  });
}

/** `foyer destroy EVENT --yes`: deletes the event and what only it used. */
export async function runDestroyCommand(config: Config, ref: string | undefined, yes: boolean): Promise<number> {
  if (!ref || !yes) {
    console.error(
      'Usage: foyer destroy EVENT --yes   (deletes the event, its sessions, people and links, and the\n' +
        '       locations and tags no other event uses; EVENT: an event id or orgSlug/eventSlug)',
    );
    return 2;
  }
  return withPlatform(config, async (platform) => {
    const files = servicesOf(platform, catalogModule).eventFiles;
    const eventId = await files.resolveEvent(ref);
    if (!eventId) {
      console.error(`No event ${JSON.stringify(ref)}.`);
      return 1;
    }
    const result = await files.destroy(eventId, CLI_ACTOR);
    const extra = [
      result.removedLocations.length ? `locations ${result.removedLocations.join(', ')}` : '',
      result.removedTags.length ? `tags ${result.removedTags.join(', ')}` : '',
    ].filter(Boolean);
    console.log(
      `Destroyed event ${result.slug} (${result.eventId})${extra.length ? `; removed ${extra.join('; ')}` : ''}.`,
    );
    return 0;
  });
}

/** One line: what apply did, e.g. `Created demo/harbour-fest (…): sessions +4, people +3; status draft → published.` */
export function describeApply(result: ApplyResult, orgSlug: string): string {
  const where = `${orgSlug}/${result.slug} (${result.eventId})`;
  if (!result.changed) return `Unchanged ${where}.`;
  const parts = Object.entries(result.summary).flatMap(([kind, c]) => {
    const counts = [c.created && `+${c.created}`, c.updated && `~${c.updated}`, c.removed && `-${c.removed}`].filter(
      Boolean,
    );
    return counts.length ? [`${kind} ${counts.join(' ')}`] : [];
  });
  const status = result.statusChanges.length ? `; status → ${result.statusChanges.join(' → ')}` : '';
  return `${result.created ? 'Created' : 'Updated'} ${where}: ${parts.join(', ') || 'no field changes'}${status}.`;
}

async function readStdin(): Promise<string> {
  const chunks: Buffer[] = [];
  for await (const chunk of process.stdin) chunks.push(chunk as Buffer);
  return Buffer.concat(chunks).toString('utf8');
}
