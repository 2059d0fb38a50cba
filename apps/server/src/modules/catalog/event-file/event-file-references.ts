import { sessionTimeErrors } from '../sessions-service.ts';
import type { EventFileError, FilePath, SourceMap } from './event-file-errors.ts';
import { type EventFile, keyFrom } from './event-file-format.ts';

/**
 * What is wrong inside a schema-valid file: duplicate keys and names,
 * references to people, locations and tags the file does not declare,
 * and times that do not fit the event (the sessions service's own rules).
 */
export function referenceErrors(file: EventFile, source: SourceMap): EventFileError[] {
  const errors: EventFileError[] = [];
  const err = (path: FilePath, message: string) => errors.push(source.error(path, message));

  const tagKeys = uniqueNames(file.tags ?? [], (n) => n.toLowerCase(), ['tags'], 'names the same tag twice', err);
  const locationNames = uniqueNames(
    (file.locations ?? []).map((l) => l.name),
    (n) => n,
    ['locations'],
    'is a second location of that name',
    err,
    'name',
  );
  const personKeys = uniqueNames(
    (file.people ?? []).map((p) => p.key ?? keyFrom(p.name)),
    (k) => k,
    ['people'],
    'is a second person with that key (give each a distinct `key`)',
    err,
    'key',
  );
  uniqueNames(
    (file.sessions ?? []).map((s) => s.key ?? keyFrom(s.title)),
    (k) => k,
    ['sessions'],
    'is a second session with that key (give each a distinct `key`)',
    err,
    'key',
  );

  for (const [i, name] of (file.event.tags ?? []).entries()) {
    if (!tagKeys.has(name.toLowerCase())) err(['event', 'tags', i], `names a tag "${name}" missing from \`tags\``);
  }
  const event = { startsAt: new Date(file.event.startsAt), endsAt: new Date(file.event.endsAt) };
  if (event.endsAt <= event.startsAt) err(['event', 'endsAt'], 'must be after startsAt');

  for (const [i, s] of (file.sessions ?? []).entries()) {
    const at = (...rest: FilePath) => ['sessions', i, ...rest];
    if (s.location && !locationNames.has(s.location)) {
      err(at('location'), `names a location "${s.location}" missing from \`locations\``);
    }
    for (const [j, key] of (s.people ?? []).entries()) {
      if (!personKeys.has(key)) err(at('people', j), `names a person "${key}" missing from \`people\``);
    }
    for (const [j, name] of (s.tags ?? []).entries()) {
      if (!tagKeys.has(name.toLowerCase())) err(at('tags', j), `names a tag "${name}" missing from \`tags\``);
    }
    const startsAt = s.startsAt ?? null;
    const times = sessionTimeErrors(event, {
      startsAt,
      endsAt: s.endsAt ?? null,
      isScheduled: s.isScheduled ?? startsAt !== null,
    });
    for (const e of times) err(at(e.field.replace(/^body\./, '')), e.message);
  }
  return errors;
}

/** The set of keys of `values`, reporting the second and later of each duplicate. */
function uniqueNames(
  values: string[],
  keyOf: (v: string) => string,
  base: FilePath,
  message: string,
  err: (path: FilePath, message: string) => void,
  field?: string,
): Set<string> {
  const seen = new Set<string>();
  for (const [i, value] of values.entries()) {
    const key = keyOf(value);
    if (seen.has(key)) err(field ? [...base, i, field] : [...base, i], message);
    seen.add(key);
  }
  return seen;
}
