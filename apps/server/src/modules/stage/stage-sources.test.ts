import { describe, expect, it } from 'vitest';
import { normaliseSource, playerDto, vimeoIdOf, youtubeIdOf } from './stage-sources.ts';

describe('stage sources', () => {
  it('finds the YouTube id in every URL form people paste', () => {
    for (const url of [
      'dQw4w9WgXcQ',
      'https://www.youtube.com/watch?v=dQw4w9WgXcQ&t=42',
      'https://youtu.be/dQw4w9WgXcQ?si=abc',
      'https://m.youtube.com/watch?v=dQw4w9WgXcQ',
      'https://www.youtube.com/live/dQw4w9WgXcQ?feature=share',
      'https://www.youtube.com/embed/dQw4w9WgXcQ',
      'https://www.youtube-nocookie.com/embed/dQw4w9WgXcQ',
    ])
      expect(youtubeIdOf(url), url).toBe('dQw4w9WgXcQ');
    expect(youtubeIdOf('https://evil.example/watch?v=dQw4w9WgXcQ')).toBeNull();
    expect(youtubeIdOf('https://www.youtube.com/watch?v=short')).toBeNull();
  });

  it('finds the Vimeo id', () => {
    expect(vimeoIdOf('76979871')).toBe('76979871');
    expect(vimeoIdOf('https://vimeo.com/76979871')).toBe('76979871');
    expect(vimeoIdOf('https://player.vimeo.com/video/76979871?h=abc')).toBe('76979871');
    expect(vimeoIdOf('https://vimeo.com/event/12345/embed')).toBe('12345');
    expect(vimeoIdOf('https://vimeo.example/76979871')).toBeNull();
  });

  it('refuses sources that are not what their kind plays', () => {
    expect(() => normaliseSource('hls', 'javascript:alert(1)', 'player.source')).toThrow(/http or https/);
    expect(() => normaliseSource('youtube', 'https://example.org/x', 'player.source')).toThrow(/YouTube/);
    expect(normaliseSource('file', 'https://cdn.example.org/talk.mp4', 'player.source')).toBe(
      'https://cdn.example.org/talk.mp4',
    );
  });

  it('frames embeds from the privacy-friendly hosts, muted so autoplay is allowed', () => {
    const p = playerDto({ kind: 'youtube', source: 'dQw4w9WgXcQ', poster: null, tracks: [] });
    expect(p.embedUrl).toBe('https://www.youtube-nocookie.com/embed/dQw4w9WgXcQ?autoplay=1&mute=1&playsinline=1');
    expect(playerDto({ kind: 'hls', source: 'https://x.example/live.m3u8', poster: null, tracks: [] }).embedUrl).toBe(
      null,
    );
  });
});
