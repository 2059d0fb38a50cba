import { Typography } from '@mantine/core';
import DOMPurify from 'dompurify';
import { Marked } from 'marked';
import { useMemo } from 'react';

// Links written by organisers leave the site without handing it referrer or opener.
DOMPurify.addHook('afterSanitizeAttributes', (node) => {
  if (node.tagName === 'A' && node.getAttribute('href')) {
    node.setAttribute('rel', 'nofollow noopener noreferrer');
  }
});

const marked = new Marked({ gfm: true });

/**
 * Markdown to HTML with its headings moved so the highest one is `h{top}`:
 * a description written with `##` (or `#`) nests under the page's own h2.
 */
function toHtml(source: string, top: number): string {
  const tokens = marked.lexer(source);
  const depths: number[] = [];
  marked.walkTokens(tokens, (token) => {
    if (token.type === 'heading') depths.push(token.depth);
  });
  const shift = depths.length ? top - Math.min(...depths) : 0;
  marked.walkTokens(tokens, (token) => {
    if (token.type === 'heading') token.depth = Math.max(1, Math.min(6, token.depth + shift));
  });
  return marked.parser(tokens);
}

/**
 * Organiser-written Markdown as HTML that is safe to insert: raw HTML in the
 * source passes through DOMPurify, which keeps formatting and drops scripts,
 * event handlers, `javascript:` URLs, forms, images and embeds. A link whose
 * URL was dropped becomes its plain text, so nothing looks clickable that is not.
 */
export function markdownToSafeHtml(source: string, topHeading = 3): string {
  const html = toHtml(source, topHeading);
  const fragment = DOMPurify.sanitize(html, {
    USE_PROFILES: { html: true },
    FORBID_TAGS: ['style', 'form', 'input', 'button', 'textarea', 'select', 'iframe', 'img'],
    RETURN_DOM_FRAGMENT: true,
  });
  for (const anchor of fragment.querySelectorAll('a:not([href])')) anchor.replaceWith(...anchor.childNodes);
  const container = document.createElement('div');
  container.append(fragment);
  return container.innerHTML;
}

interface MarkdownProps {
  source: string;
  /** The level the highest heading of the text gets, so it nests under the page's own headings. */
  topHeading?: number;
}

/** Renders Markdown (sanitized); nothing when the source is blank. */
export function Markdown({ source, topHeading = 3 }: MarkdownProps) {
  const html = useMemo(() => (source.trim() ? markdownToSafeHtml(source, topHeading) : ''), [source, topHeading]);
  if (!html) return null;
  // biome-ignore lint/security/noDangerouslySetInnerHtml: sanitized by DOMPurify just above
  return <Typography dangerouslySetInnerHTML={{ __html: html }} />;
}
