import type { ChatLink } from '@foyer/contracts';

// http(s) URLs and bare www. addresses; the text stays plain, links are data beside it.
const URL_PATTERN = /\b(?:https?:\/\/|www\.)[^\s<>"'`]+/giu;
// Punctuation that ends a sentence rather than the URL ("see https://x.org.").
const TRAILING = /[.,;:!?)\]}'"»”’]+$/u;

/**
 * The links in a message's text, as offsets (UTF-16, like JavaScript
 * strings and the browser) and a normalised URL (`www.` gets `https://`).
 * Closing brackets are kept when the URL opened them (Wikipedia links).
 */
export function findLinks(text: string): ChatLink[] {
  const links: ChatLink[] = [];
  for (const match of text.matchAll(URL_PATTERN)) {
    let raw = match[0];
    const trailing = TRAILING.exec(raw)?.[0] ?? '';
    if (trailing) {
      raw = raw.slice(0, raw.length - trailing.length);
      // Keep a `)` that closes a `(` inside the URL.
      const opens = (raw.match(/\(/g) ?? []).length;
      const closes = (raw.match(/\)/g) ?? []).length;
      if (trailing.startsWith(')') && opens > closes) raw += ')';
    }
    if (raw.length <= 4 || /^www\.?$/i.test(raw)) continue;
    const start = match.index;
    const url = /^www\./i.test(raw) ? `https://${raw}` : raw;
    try {
      new URL(url);
    } catch {
      continue;
    }
    links.push({ url, start, end: start + raw.length });
  }
  return links;
}

// C0/C1 control characters other than tab and newline, and bidi overrides that make text read differently.
// biome-ignore lint/suspicious/noControlCharactersInRegex: finding control characters is the point.
const CONTROL = /[\u0000-\u0008\u000b-\u001f\u007f-\u009f\u202a-\u202e\u2066-\u2069]/gu;

/** A message's text as stored: trimmed, without control characters, line breaks normalised. */
export function cleanText(text: string): string {
  return text.replace(/\r\n?/g, '\n').replace(CONTROL, '').trim();
}
