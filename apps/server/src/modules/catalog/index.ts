// The catalogue module's public surface: what other modules may import.
export type { EventCopier, EventCopy } from './event-duplication.ts';
export type { ApplyResult } from './event-file/event-file-apply.ts';
/** The line-precise errors of a refused event file, for the CLI to print. */
export { eventFileErrorsOf } from './event-file/event-file-errors.ts';
/** Routes of other modules that name their event by id or `orgSlug/eventSlug`. */
export { EventRefParams, eventIdOf, eventRefResolver } from './event-path.ts';
export type { EventsService } from './events-service.ts';
export { type CatalogServices, catalogModule } from './module.ts';
/** Read model: events, their organizers, sessions, people and locations, for joins (names, times, who runs an event, what media is attached to). */
export { eventOrganizers, events, locations, people, sessions } from './schema.ts';
