import { describe, expect, it } from 'vitest';
import { withCidPlaceholders } from './inline-images.ts';

describe('withCidPlaceholders', () => {
  it('replaces cid: sources and keeps the rest of the tag and other images', () => {
    const html =
      '<img src="cid:ticket-qr@foyer" alt="QR code of your ticket"><img SRC=\'cid:x\' alt="x"><img src="https://example.org/a.png" alt="a">';
    const out = withCidPlaceholders(html);
    expect(out).not.toContain('cid:');
    expect(out).toContain('alt="QR code of your ticket"');
    expect(out.match(/data:image\/svg\+xml,/g)).toHaveLength(2);
    expect(out).toContain('src="https://example.org/a.png"');
  });
});
