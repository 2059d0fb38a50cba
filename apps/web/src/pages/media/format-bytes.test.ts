import { describe, expect, it } from 'vitest';
import { formatBytes } from './format-bytes.ts';

describe('formatBytes', () => {
  it('uses decimal units with one decimal below 100, in the language’s notation', () => {
    expect(formatBytes(512, 'en')).toBe('512 B');
    expect(formatBytes(820_000, 'en')).toBe('820 KB');
    expect(formatBytes(4_200_000, 'en')).toBe('4.2 MB');
    expect(formatBytes(4_200_000, 'de')).toBe('4,2 MB');
    expect(formatBytes(1_100_000_000, 'en')).toBe('1.1 GB');
  });
});
