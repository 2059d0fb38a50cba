import type { Link as LinkItem } from '@foyer/contracts';
import { Anchor, Group } from '@mantine/core';
import { useTranslation } from 'react-i18next';
import { linkHref } from './link-href.ts';

/** The links of an event, person or location, each named by its service. */
export function LinkList({ links, label }: { links: LinkItem[]; label: string }) {
  const { t } = useTranslation();
  if (links.length === 0) return null;
  return (
    <Group component="ul" gap="md" aria-label={label} style={{ listStyle: 'none', padding: 0, margin: 0 }}>
      {links.map((link) => (
        <li key={link.id}>
          <Anchor href={linkHref(link)} rel="nofollow noopener noreferrer" target="_blank">
            {link.service === 'other' ? link.url.replace(/^https?:\/\//, '') : t(`public.links.${link.service}`)}
          </Anchor>
        </li>
      ))}
    </Group>
  );
}
