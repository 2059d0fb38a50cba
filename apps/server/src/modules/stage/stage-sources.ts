import type { StagePlayer } from '@foyer/contracts';
import { AppError } from '../../platform/http/problem.ts';
import type { StoredPlayer } from './schema.ts';

const YOUTUBE_ID = /^[A-Za-z0-9_-]{11}$/;
const VIMEO_ID = /^\d{4,12}$/;
const WEB_URL = /^https?:\/\/[^\s]+$/i;

/** The URL `source` is, or null (Node 20 has no `URL.parse`). */
function urlOf(source: string): URL | null {
  try {
    return new URL(source);
  } catch {
    return null;
  }
}

/** The YouTube video id of an id or any of YouTube's URL forms (watch, youtu.be, embed, live, shorts). */
export function youtubeIdOf(source: string): string | null {
  if (YOUTUBE_ID.test(source)) return source;
  const url = urlOf(source);
  if (!url) return null;
  const host = url.hostname.replace(/^(www|m)\./, '');
  let id: string | null = null;
  if (host === 'youtu.be') id = url.pathname.slice(1).split('/')[0] ?? null;
  else if (host === 'youtube.com' || host === 'youtube-nocookie.com') {
    id = url.searchParams.get('v');
    const m = /^\/(embed|live|shorts|v)\/([^/?]+)/.exec(url.pathname);
    if (!id && m) id = m[2]!;
  }
  return id && YOUTUBE_ID.test(id) ? id : null;
}

/** The Vimeo video id of an id or a vimeo.com / player.vimeo.com URL. */
export function vimeoIdOf(source: string): string | null {
  if (VIMEO_ID.test(source)) return source;
  const url = urlOf(source);
  if (!url) return null;
  const host = url.hostname.replace(/^www\./, '');
  if (host !== 'vimeo.com' && host !== 'player.vimeo.com') return null;
  const id = url.pathname.split('/').find((part) => VIMEO_ID.test(part));
  return id ?? null;
}

/**
 * The source as stored: YouTube and Vimeo sources become their video id
 * (whatever URL form was pasted), HLS and file sources must be web URLs.
 * A source that is none of these is refused on `field`.
 */
export function normaliseSource(kind: StoredPlayer['kind'], source: string, field: string): string {
  const bad = (message: string) =>
    new AppError('VALIDATION_FAILED', 422, `${field} ${message}.`, [{ field, message, code: 'invalid_source' }]);
  switch (kind) {
    case 'youtube': {
      const id = youtubeIdOf(source);
      if (!id) throw bad('is not a YouTube video URL or id');
      return id;
    }
    case 'vimeo': {
      const id = vimeoIdOf(source);
      if (!id) throw bad('is not a Vimeo video URL or id');
      return id;
    }
    default:
      if (!WEB_URL.test(source)) throw bad('must be an http or https URL');
      return source;
  }
}

/** The player as the page plays it: embeds framed from the providers' privacy-friendly hosts. */
export function playerDto(stored: StoredPlayer): StagePlayer {
  const embedUrl =
    stored.kind === 'youtube'
      ? `https://www.youtube-nocookie.com/embed/${stored.source}?autoplay=1&mute=1&playsinline=1`
      : stored.kind === 'vimeo'
        ? `https://player.vimeo.com/video/${stored.source}?autoplay=1&muted=1&dnt=1`
        : null;
  return { kind: stored.kind, source: stored.source, embedUrl, poster: stored.poster, tracks: stored.tracks };
}
