import { Stage, type StageSettingsBody } from '@foyer/contracts';
import { type HttpOptions, request } from './http.ts';

/** An event by id, or by `orgSlug/eventSlug` (the slash kept as a path separator). */
const eventPath = (idOrSlug: string) => `/api/v1/events/${idOrSlug.split('/').map(encodeURIComponent).join('/')}`;

/** The event's one-page stage: its player and chat configuration, and (organizers) its settings. */
export function stageApi(options: HttpOptions) {
  return {
    /** The stage as its page plays it; 404 `STAGE_NOT_SET_UP` for the public until it is enabled. */
    get: (eventIdOrSlug: string, signal?: AbortSignal) =>
      request(options, `${eventPath(eventIdOrSlug)}/stage`, { schema: Stage, signal }),
    /** Sets up or changes the stage (creates its chat on first use). */
    put: (eventId: string, body: StageSettingsBody) =>
      request(options, `${eventPath(eventId)}/stage`, { method: 'PUT', body, schema: Stage }),
  };
}
