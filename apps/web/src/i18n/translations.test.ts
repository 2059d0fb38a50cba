import { describe, expect, it } from 'vitest';
import de from './de.json';
import en from './en.json';

function keys(value: unknown, prefix = ''): string[] {
  if (typeof value !== 'object' || value === null) return [prefix];
  return Object.entries(value).flatMap(([key, child]) => keys(child, prefix ? `${prefix}.${key}` : key));
}

function placeholders(text: string): string[] {
  return [...text.matchAll(/{{\s*(\w+)\s*}}/g)].map((match) => match[1] ?? '').sort();
}

function lookup(tree: unknown, path: string): unknown {
  return path.split('.').reduce<unknown>((node, key) => (node as Record<string, unknown>)?.[key], tree);
}

// A missing German key would silently show English; catch it here instead of in the UI.
describe('translations', () => {
  it('German has exactly the English keys', () => {
    expect(keys(de).sort()).toEqual(keys(en).sort());
  });

  it('every translation keeps the same interpolation placeholders', () => {
    for (const key of keys(en)) {
      const english = lookup(en, key);
      const german = lookup(de, key);
      expect(typeof german, key).toBe('string');
      expect(placeholders(german as string), key).toEqual(placeholders(english as string));
    }
  });
});
