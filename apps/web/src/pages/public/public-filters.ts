import type { PublicEventFilter, SessionFilter } from '@foyer/client';
import { EventFormat, EventKind } from '@foyer/contracts';
import { zonedToIso } from '../events/zoned-time.ts';

/**
 * Filter state of the public pages lives in the URL query, so a filtered
 * list is a link that can be shared. Anything malformed in a hand-edited
 * URL is dropped rather than sent to the server to be refused.
 */

/** The `/events` filters as they appear in the URL; dates are calendar days `YYYY-MM-DD`. */
export interface EventListFilter {
  q: string;
  kind: string;
  format: string;
  from: string;
  to: string;
  tag: string;
  /** `me`: only events whose requirements the signed-in visitor meets. */
  fits: string;
}

export const EMPTY_EVENT_FILTER: EventListFilter = {
  q: '',
  kind: '',
  format: '',
  from: '',
  to: '',
  tag: '',
  fits: '',
};

const DAY = /^\d{4}-\d{2}-\d{2}$/;
const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

const text = (params: URLSearchParams, key: string, max: number) => (params.get(key) ?? '').trim().slice(0, max);
const oneOf = (value: string | null, allowed: readonly string[]) => (value && allowed.includes(value) ? value : '');
const day = (value: string | null) => (value && DAY.test(value) && zonedToIso(`${value}T00:00`, 'UTC') ? value : '');
const uuid = (value: string | null) => (value && UUID.test(value) ? value.toLowerCase() : '');

export function readEventFilter(params: URLSearchParams): EventListFilter {
  return {
    q: text(params, 'q', 200),
    kind: oneOf(params.get('kind'), EventKind.options),
    format: oneOf(params.get('format'), EventFormat.options),
    from: day(params.get('from')),
    to: day(params.get('to')),
    tag: text(params, 'tag', 60),
    fits: oneOf(params.get('fits'), ['me']),
  };
}

/** Only the filters that are set, in a stable order, so equal filters give equal URLs. */
function toParams<T extends object>(filter: T): URLSearchParams {
  const params = new URLSearchParams();
  for (const [key, value] of Object.entries(filter)) {
    const v = typeof value === 'string' ? value.trim() : '';
    if (v) params.set(key, v);
  }
  return params;
}

export const writeEventFilter = (filter: EventListFilter): URLSearchParams => toParams(filter);

const nextDay = (d: string) => new Date(Date.parse(`${d}T00:00:00Z`) + 86_400_000).toISOString().slice(0, 10);

/**
 * What the API is asked: the days become instants in the visitor's own zone
 * (from the start of `from` to the end of `to`), so "events on 3 July" means
 * the visitor's 3 July. `fits=me` is only asked when signed in (anonymous
 * callers would get a 401, e.g. from a shared link).
 */
export function eventApiFilter(filter: EventListFilter, timeZone: string, signedIn = false): PublicEventFilter {
  const api: PublicEventFilter = {};
  if (filter.fits === 'me' && signedIn) api.fits = 'me';
  if (filter.q) api.q = filter.q;
  if (filter.kind) api.kind = filter.kind as PublicEventFilter['kind'];
  if (filter.format) api.format = filter.format as PublicEventFilter['format'];
  if (filter.tag) api.tag = filter.tag;
  const from = filter.from ? zonedToIso(`${filter.from}T00:00`, timeZone) : null;
  const to = filter.to ? zonedToIso(`${nextDay(filter.to)}T00:00`, timeZone) : null;
  if (from) api.from = from;
  if (to) api.to = to;
  return api;
}

export const hasEventFilter = (filter: EventListFilter) => Object.values(filter).some(Boolean);

/** The programme filters in the URL of `/e/:org/:event/programme`. */
export interface ProgrammeFilter {
  q: string;
  tag: string;
  location: string;
  person: string;
  /** A day of the programme (`YYYY-MM-DD`, event time); '' for every day. */
  day: string;
}

export const EMPTY_PROGRAMME_FILTER: ProgrammeFilter = { q: '', tag: '', location: '', person: '', day: '' };

export function readProgrammeFilter(params: URLSearchParams): ProgrammeFilter {
  return {
    q: text(params, 'q', 200),
    tag: uuid(params.get('tag')),
    location: uuid(params.get('location')),
    person: uuid(params.get('person')),
    day: day(params.get('day')),
  };
}

export const writeProgrammeFilter = (filter: ProgrammeFilter): URLSearchParams => toParams(filter);

/** The server filters by tag, location, person and text; days are picked from the grouped answer. */
export function sessionApiFilter(filter: ProgrammeFilter): SessionFilter {
  const api: SessionFilter = {};
  if (filter.q) api.q = filter.q;
  if (filter.tag) api.tag = filter.tag;
  if (filter.location) api.location = filter.location;
  if (filter.person) api.person = filter.person;
  return api;
}

export const hasSessionFilter = (filter: ProgrammeFilter) =>
  Boolean(filter.q || filter.tag || filter.location || filter.person);
