import { Typography } from '@mantine/core';
import DOMPurify from 'dompurify';
import { marked } from 'marked';
import { useMemo } from 'react';

// Links written by organisers leave the site without handing it referrer or opener.
DOMPurify.addHook('afterSanitizeAttributes', (node) => {
  if (node.tagName === 'A' && node.getAttribute('href')) {
    node.setAttribute('rel', 'nofollow noopener noreferrer');
  }
});

/**
 * Organiser-written Markdown as HTML that is safe to insert: raw HTML in the
 * source passes through DOMPurify, which keeps formatting and drops scripts,
 * event handlers, `javascript:` URLs, forms and embeds.
 */
export function markdownToSafeHtml(source: string): string {
  const html = marked.parse(source, { async: false, gfm: true, breaks: false });
  return DOMPurify.sanitize(html, {
    USE_PROFILES: { html: true },
    FORBID_TAGS: ['style', 'form', 'input', 'button', 'textarea', 'select', 'iframe', 'img'],
  });
}

/** Renders Markdown (sanitized); nothing when the source is blank. */
export function Markdown({ source }: { source: string }) {
  const html = useMemo(() => (source.trim() ? markdownToSafeHtml(source) : ''), [source]);
  if (!html) return null;
  // biome-ignore lint/security/noDangerouslySetInnerHtml: sanitized by DOMPurify just above
  return <Typography dangerouslySetInnerHTML={{ __html: html }} />;
}
