import type { Stage } from '@foyer/contracts';
import { describe, expect, it } from 'vitest';
import { bodyOf, draftOf, EMPTY_STAGE } from './stage-settings-form.ts';

const stage: Stage = {
  eventId: '00000000-0000-4000-8000-000000000001',
  enabled: true,
  player: {
    kind: 'youtube',
    source: 'dQw4w9WgXcQ',
    embedUrl: 'https://www.youtube-nocookie.com/embed/dQw4w9WgXcQ',
    poster: null,
    tracks: [{ src: 'https://cdn.example.org/de.vtt', srclang: 'de', label: 'Deutsch', kind: 'captions' }],
  },
  secondStream: null,
  chat: { mode: 'accounts', channelId: '00000000-0000-4000-8000-000000000002' },
  canModerate: true,
  updatedAt: '2027-06-01T09:00:00.000Z',
};

describe('stage settings form', () => {
  it('round-trips a stored stage into the body the server takes', () => {
    expect(bodyOf(draftOf(stage))).toEqual({
      enabled: true,
      player: { kind: 'youtube', source: 'dQw4w9WgXcQ', poster: null, tracks: stage.player.tracks },
      secondStream: null,
      chat: 'accounts',
    });
  });

  it('sends the second stream only when switched on, trimmed', () => {
    const body = bodyOf({
      ...EMPTY_STAGE,
      source: ' https://cdn.example.org/live.m3u8 ',
      hasSecond: true,
      secondSource: 'https://cdn.example.org/sign.m3u8',
      secondLabel: ' Sign language ',
    });
    expect(body.player.source).toBe('https://cdn.example.org/live.m3u8');
    expect(body.secondStream).toEqual({
      kind: 'hls',
      source: 'https://cdn.example.org/sign.m3u8',
      label: 'Sign language',
    });
    expect(bodyOf({ ...EMPTY_STAGE, secondSource: 'x' }).secondStream).toBeNull();
  });
});
