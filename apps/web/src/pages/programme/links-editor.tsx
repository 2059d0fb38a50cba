import { type Link, LinkInput, LinkService } from '@foyer/contracts';
import { ActionIcon, Button, Group, NativeSelect, Stack, Text, TextInput } from '@mantine/core';
import type { TFunction } from 'i18next';
import { useTranslation } from 'react-i18next';

export interface LinkDraft {
  url: string;
  service: Link['service'];
}

export const SERVICES = LinkService.options;

export const draftsOf = (links: readonly Link[]): LinkDraft[] => links.map(({ url, service }) => ({ url, service }));

/** The links worth sending: empty rows are dropped, URLs trimmed. */
export const linksBody = (links: readonly LinkDraft[]): LinkDraft[] =>
  links.filter((l) => l.url.trim()).map((l) => ({ url: l.url.trim(), service: l.service }));

/** A message per row that the contract would refuse (by index), in the UI language. */
export function linkErrors(links: readonly LinkDraft[], t: TFunction): Record<number, string> {
  const errors: Record<number, string> = {};
  links.forEach((link, index) => {
    if (!link.url.trim()) return;
    if (!LinkInput.safeParse({ url: link.url.trim(), service: link.service }).success) {
      errors[index] = t(
        link.service === 'email'
          ? 'programme.links.invalidEmail'
          : link.service === 'phone'
            ? 'programme.links.invalidPhone'
            : 'programme.links.invalidUrl',
      );
    }
  });
  return errors;
}

interface LinksEditorProps {
  links: LinkDraft[];
  onChange: (links: LinkDraft[]) => void;
  errors?: Record<number, string>;
  readOnly?: boolean;
  /** Off where a heading above already says "Links". */
  showTitle?: boolean;
}

/** Rows of service kind + URL; rows are added and removed here, saved with the surrounding form. */
export function LinksEditor({ links, onChange, errors = {}, readOnly = false, showTitle = true }: LinksEditorProps) {
  const { t } = useTranslation();
  const set = (index: number, patch: Partial<LinkDraft>) =>
    onChange(links.map((link, i) => (i === index ? { ...link, ...patch } : link)));
  return (
    <Stack gap="xs" role="group" aria-label={t('programme.links.title')}>
      {showTitle ? (
        <Text size="sm" fw={500}>
          {t('programme.links.title')}
        </Text>
      ) : null}
      {links.length === 0 ? (
        <Text size="sm" c="dimmed">
          {t('programme.links.none')}
        </Text>
      ) : null}
      {links.map((link, index) => (
        // Rows have no identity of their own; the index is what the editor edits.
        // biome-ignore lint/suspicious/noArrayIndexKey: see above
        <Group key={index} gap="xs" align="flex-start" wrap="nowrap">
          <NativeSelect
            aria-label={t('programme.links.serviceOf', { n: index + 1 })}
            value={link.service}
            disabled={readOnly}
            onChange={(e) => set(index, { service: e.currentTarget.value as LinkDraft['service'] })}
            data={SERVICES.map((s) => ({ value: s, label: t(`programme.services.${s}`) }))}
            w={150}
          />
          <TextInput
            aria-label={t('programme.links.urlOf', { n: index + 1 })}
            placeholder={link.service === 'email' ? 'name@example.org' : 'https://'}
            value={link.url}
            readOnly={readOnly}
            error={errors[index]}
            onChange={(e) => set(index, { url: e.currentTarget.value })}
            style={{ flex: 1 }}
          />
          {readOnly ? null : (
            <ActionIcon
              variant="subtle"
              color="gray"
              size="lg"
              aria-label={t('programme.links.removeOf', { n: index + 1 })}
              onClick={() => onChange(links.filter((_, i) => i !== index))}
            >
              ×
            </ActionIcon>
          )}
        </Group>
      ))}
      {readOnly ? null : (
        <Button
          variant="default"
          size="xs"
          w="fit-content"
          onClick={() => onChange([...links, { url: '', service: 'website' }])}
        >
          {t('programme.links.add')}
        </Button>
      )}
    </Stack>
  );
}
