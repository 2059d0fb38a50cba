import { z } from 'zod';
import { EventStatus } from './catalog.ts';

/** Media types an event file may be sent as (`POST /orgs/{orgId}/events:apply`). */
export const EVENT_FILE_MEDIA_TYPES = ['application/yaml', 'text/yaml', 'application/x-yaml'] as const;

const Counts = z.object({ created: z.number().int(), updated: z.number().int(), removed: z.number().int() });

/** What applying an event file did; `changed: false` means it wrote nothing. */
export const ApplyEventFileResult = z.object({
  eventId: z.uuid(),
  slug: z.string(),
  created: z.boolean(),
  changed: z.boolean(),
  statusChanges: z.array(EventStatus).describe('Status steps taken, in order'),
  summary: z.object({
    event: Counts,
    tags: Counts,
    locations: Counts,
    people: Counts,
    sessions: Counts,
    links: Counts.describe('`updated` counts owners whose set of links was replaced'),
  }),
});
export type ApplyEventFileResult = z.infer<typeof ApplyEventFileResult>;

/** One error of a rejected event file, in the `errors` of an `INVALID_EVENT_FILE` problem. */
export const EventFileError = z.object({
  line: z.number().int(),
  column: z.number().int(),
  path: z.string().describe('e.g. sessions[3].startsAt; empty for the file as a whole'),
  message: z.string(),
});
export type EventFileError = z.infer<typeof EventFileError>;
