import type { Link } from '@foyer/contracts';

/** `mailto:`/`tel:` for email and phone links, the URL itself for the rest. */
export function linkHref(link: Link): string {
  if (link.service === 'email') return link.url.startsWith('mailto:') ? link.url : `mailto:${link.url}`;
  if (link.service === 'phone') return link.url.startsWith('tel:') ? link.url : `tel:${link.url.replace(/\s/g, '')}`;
  return link.url;
}
