import { describe, expect, it } from 'vitest';
import { srcSetOf } from './responsive-image.ts';

describe('srcSetOf', () => {
  it('offers the ladder from 320 px up to the original, and the next rung at the original’s own width', () => {
    expect(srcSetOf({ imageUrl: '/i?v=1', width: 1000 })).toBe(
      '/i?v=1&w=320 320w, /i?v=1&w=480 480w, /i?v=1&w=640 640w, /i?v=1&w=800 800w, /i?v=1&w=960 960w, /i?v=1&w=1200 1000w',
    );
  });

  it('offers one candidate, at its own width, for an original narrower than 320 px', () => {
    expect(srcSetOf({ imageUrl: '/i?v=1', width: 200 })).toBe('/i?v=1&w=240 200w');
  });

  it('has nothing for an image without a public URL', () => {
    expect(srcSetOf({ imageUrl: null, width: 1000 })).toBeUndefined();
  });
});
