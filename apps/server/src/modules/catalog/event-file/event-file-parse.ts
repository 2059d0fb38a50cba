import { LineCounter, parseDocument } from 'yaml';
import type { z } from 'zod';
import { type EventFileError, invalidEventFile, SourceMap } from './event-file-errors.ts';
import { EventFile } from './event-file-format.ts';
import { referenceErrors } from './event-file-references.ts';

/** A parsed, schema-valid event file and where each of its parts is in the text. */
export interface ParsedEventFile {
  file: EventFile;
  source: SourceMap;
}

/**
 * Reads an event file: YAML syntax, then the file schema, then references
 * inside the file (sessions naming people, locations and tags it declares;
 * no duplicate keys or names). Any error throws `INVALID_EVENT_FILE` with
 * every error found, each at its line and column.
 */
export function parseEventFile(text: string): ParsedEventFile {
  const lines = new LineCounter();
  const doc = parseDocument(text, { lineCounter: lines, prettyErrors: true, uniqueKeys: true });
  if (doc.errors.length > 0) {
    throw invalidEventFile(
      doc.errors.map((e) => ({
        line: e.linePos?.[0].line ?? 1,
        column: e.linePos?.[0].col ?? 1,
        path: '',
        // The library's message repeats the position; ours carries it separately.
        message: (e.message.split('\n')[0] ?? e.message).replace(/ at line \d+, column \d+:?$/, ''),
      })),
    );
  }
  const source = new SourceMap(doc, lines);
  let data: unknown;
  try {
    data = doc.toJS({ maxAliasCount: 50 });
  } catch (err) {
    // e.g. "Excessive alias count" (a billion-laughs file): an error in the file, not in the server.
    throw invalidEventFile([{ line: 1, column: 1, path: '', message: (err as Error).message }]);
  }
  const parsed = EventFile.safeParse(data, { reportInput: true });
  if (!parsed.success) throw invalidEventFile(parsed.error.issues.flatMap((issue) => issueErrors(source, issue)));
  const errors = referenceErrors(parsed.data, source);
  if (errors.length > 0) throw invalidEventFile(errors);
  return { file: parsed.data, source };
}

function issueErrors(source: SourceMap, issue: z.core.$ZodIssue): EventFileError[] {
  const path = issue.path.filter((p): p is string | number => typeof p !== 'symbol');
  if (issue.code === 'unrecognized_keys') {
    return issue.keys.map((key) => source.error([...path, key], 'is not a field of the event file format', true));
  }
  if (issue.code === 'invalid_type' && issue.input === undefined) {
    return [source.error(path, 'is required')];
  }
  return [source.error(path, issue.message)];
}
