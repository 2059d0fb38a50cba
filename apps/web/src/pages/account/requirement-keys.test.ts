import { describe, expect, it } from 'vitest';
import { normaliseKey } from './requirement-keys.ts';

describe('normaliseKey', () => {
  it('turns what people type into a key', () => {
    expect(normaliseKey(' Own Laptop ')).toBe('own-laptop');
    expect(normaliseKey('first_aid')).toBe('first_aid');
    expect(normaliseKey('-cert-')).toBe('cert');
  });

  it('refuses what cannot be a key', () => {
    expect(normaliseKey('')).toBeNull();
    expect(normaliseKey('über')).toBeNull();
    expect(normaliseKey('a--b')).toBeNull();
    expect(normaliseKey('x'.repeat(61))).toBeNull();
  });
});
