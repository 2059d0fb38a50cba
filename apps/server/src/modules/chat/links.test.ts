import { describe, expect, it } from 'vitest';
import { cleanText, findLinks } from './links.ts';

describe('chat links', () => {
  it('finds URLs with offsets into the text, leaving sentence punctuation out', () => {
    const text = 'See https://foyer.dev/docs, or www.example.org. (https://en.wikipedia.org/wiki/Foo_(bar))';
    const links = findLinks(text);
    expect(links.map((l) => l.url)).toEqual([
      'https://foyer.dev/docs',
      'https://www.example.org',
      'https://en.wikipedia.org/wiki/Foo_(bar)',
    ]);
    for (const link of links) expect(text.slice(link.start, link.end)).toBe(link.url.replace('https://www', 'www'));
  });

  it('treats HTML as text and finds no link in it', () => {
    expect(findLinks('<a href="javascript:alert(1)">x</a>')).toEqual([]);
    expect(findLinks('javascript:alert(1)')).toEqual([]);
  });

  it('counts offsets in UTF-16 code units after emoji', () => {
    const text = '🎉🎉 https://a.example/x';
    const [link] = findLinks(text);
    expect(text.slice(link!.start, link!.end)).toBe('https://a.example/x');
  });

  it('cleans control characters and bidi overrides but keeps line breaks', () => {
    expect(cleanText('  a\u0000b\r\nc\u202Ed  ')).toBe('ab\ncd');
  });
});
