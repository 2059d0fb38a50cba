import type { EventFileError } from '@foyer/contracts';
import { isMap, isPair, isScalar, isSeq, type LineCounter, type Document as YamlDocument } from 'yaml';
import { AppError } from '../../../platform/http/problem.ts';

export type FilePath = (string | number)[];

/** One thing wrong with an event file, where it is (1-based line and column). */
export type { EventFileError };

/** `['sessions', 3, 'startsAt']` → `sessions[3].startsAt`. */
export function formatPath(path: FilePath): string {
  return path.reduce<string>(
    (out, seg) => (typeof seg === 'number' ? `${out}[${seg}]` : out ? `${out}.${seg}` : seg),
    '',
  );
}

/**
 * Finds where a path points in the parsed document. A missing key points
 * at the map that should hold it; with `atKey`, a present key points at
 * the key itself (for "unknown key" errors) rather than its value.
 */
export class SourceMap {
  constructor(
    private readonly doc: YamlDocument.Parsed,
    private readonly lines: LineCounter,
  ) {}

  position(path: FilePath, atKey = false): { line: number; column: number } {
    let node: unknown = this.doc.contents;
    let offset = rangeStart(node) ?? 0;
    for (const [i, seg] of path.entries()) {
      if (isMap(node)) {
        const pair = node.items.find((p) => isPair(p) && isScalar(p.key) && String(p.key.value) === String(seg));
        if (!pair) break;
        const last = i === path.length - 1;
        const target = atKey && last ? pair.key : (pair.value ?? pair.key);
        offset = rangeStart(target) ?? offset;
        node = target;
      } else if (isSeq(node) && typeof seg === 'number' && node.items[seg] !== undefined) {
        node = node.items[seg];
        offset = rangeStart(node) ?? offset;
      } else {
        break;
      }
    }
    const { line, col } = this.lines.linePos(offset);
    return { line, column: col };
  }

  error(path: FilePath, message: string, atKey = false): EventFileError {
    return { ...this.position(path, atKey), path: formatPath(path), message };
  }
}

function rangeStart(node: unknown): number | undefined {
  return node && typeof node === 'object' && 'range' in node && Array.isArray(node.range)
    ? (node.range[0] as number)
    : undefined;
}

/**
 * The problem a rejected event file gives: 422 `INVALID_EVENT_FILE` with
 * each error's line, column, path and message (and `field`/`code`, like
 * every other validation problem).
 */
export function invalidEventFile(errors: EventFileError[]): AppError {
  const sorted = [...errors].sort((a, b) => a.line - b.line || a.column - b.column);
  const first = sorted[0];
  return new AppError(
    'INVALID_EVENT_FILE',
    422,
    first
      ? `The event file has ${sorted.length} error${sorted.length === 1 ? '' : 's'}; the first at line ${first.line}: ${first.path ? `${first.path}: ` : ''}${first.message}.`
      : 'The event file is not valid.',
    sorted.map((e) => ({ ...e, field: e.path, code: 'invalid_event_file' })),
  );
}

/** The errors of a rejected event file, if `err` is one. */
export function eventFileErrorsOf(err: unknown): EventFileError[] | null {
  return err instanceof AppError && err.code === 'INVALID_EVENT_FILE'
    ? ((err.errors ?? []) as unknown as EventFileError[])
    : null;
}
