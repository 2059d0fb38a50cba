/** Paths of the public pages. The server's OG-tag injection relies on this scheme: keep it. */
export const publicPaths = {
  events: '/events',
  /** `path` is the event's `orgSlug/eventSlug`. */
  event: (path: string) => `/e/${path}`,
  programme: (path: string) => `/e/${path}/programme`,
  people: (path: string) => `/e/${path}/people`,
  locations: (path: string) => `/e/${path}/locations`,
  register: (path: string) => `/e/${path}/register`,
  stage: (path: string) => `/e/${path}/stage`,
  session: (path: string, sessionId: string) => `/e/${path}/sessions/${sessionId}`,
  person: (path: string, personId: string) => `/e/${path}/people/${personId}`,
  location: (path: string, locationId: string) => `/e/${path}/locations/${locationId}`,
};
