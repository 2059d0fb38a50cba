import { describe, expect, it } from 'vitest';
import { slugify } from './slug.ts';

describe('slugify', () => {
  it('makes a valid slug from any name', () => {
    expect(slugify('Café Müller & Söhne')).toBe('cafe-muller-sohne');
    expect(slugify('  --Acme Events 2026-- ')).toBe('acme-events-2026');
    expect(slugify('✨')).toBe('');
    expect(slugify('a'.repeat(70))).toHaveLength(63);
  });
});
