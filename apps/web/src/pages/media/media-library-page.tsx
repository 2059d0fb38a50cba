import type { MediaItem, MediaKind } from '@foyer/contracts';
import { Chip, Group, Paper, SimpleGrid, Stack, Text, TextInput, Title } from '@mantine/core';
import { useDebouncedValue } from '@mantine/hooks';
import { useQueryClient } from '@tanstack/react-query';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { mediaKeys, useMediaList, useMediaQuota } from '../../api/media-queries.ts';
import { QueryError, QueryLoading } from '../../components/query-state.tsx';
import { usePageTitle } from '../../components/use-page-title.ts';
import { useLocale } from '../../i18n/locale.ts';
import { canCreateEvents } from '../events/event-access.ts';
import { useOrg } from '../orgs/org-context.ts';
import { formatBytes } from './format-bytes.ts';
import { MediaCard } from './media-card.tsx';
import { MediaDrawer } from './media-drawer.tsx';
import { UploadZone } from './upload-zone.tsx';

const KINDS = ['all', 'image', 'video', 'audio', 'document'] as const;

/** `/orgs/:orgId/media`: the organization's images, videos, audio and documents. */
export function MediaLibraryPage() {
  const { t } = useTranslation();
  const language = useLocale();
  const context = useOrg();
  const { org } = context;
  usePageTitle(`${t('media.title')} · ${org.name}`);
  const canManage = canCreateEvents(context);
  const queryClient = useQueryClient();
  const [kind, setKind] = useState<(typeof KINDS)[number]>('all');
  const [search, setSearch] = useState('');
  const [q] = useDebouncedValue(search.trim(), 250);
  const filter = { ...(kind !== 'all' ? { kind: kind as MediaKind } : {}), ...(q ? { q } : {}) };
  const list = useMediaList(org.id, filter);
  const quota = useMediaQuota(org.id);
  const [openId, setOpenId] = useState<string | null>(null);
  const open: MediaItem | null = list.data?.items.find((i) => i.id === openId) ?? null;

  return (
    <Paper withBorder p="lg" component="section" aria-labelledby="media-heading">
      <Stack gap="md">
        <Group justify="space-between" align="flex-end" wrap="wrap">
          <Stack gap={4}>
            <Title order={2} size="h3" id="media-heading">
              {t('media.title')}
            </Title>
            <Text size="sm" c="dimmed">
              {t('media.lead')}
            </Text>
          </Stack>
          {quota.data ? (
            <Text size="sm" c="dimmed" data-testid="media-quota">
              {t('media.quota', {
                used: formatBytes(quota.data.usedBytes, language),
                quota: formatBytes(quota.data.quotaBytes, language),
              })}
            </Text>
          ) : null}
        </Group>
        {canManage ? (
          <UploadZone
            orgId={org.id}
            onUploaded={() => void queryClient.invalidateQueries({ queryKey: mediaKeys.all(org.id) })}
          />
        ) : null}
        <Group gap="sm" align="flex-end" wrap="wrap">
          <TextInput
            label={t('media.search')}
            placeholder={t('media.searchPlaceholder')}
            value={search}
            onChange={(e) => setSearch(e.currentTarget.value)}
            w={{ base: '100%', sm: 280 }}
          />
          <Stack gap={4}>
            <Text size="sm" fw={500} id="media-kind-label">
              {t('media.kind')}
            </Text>
            {/* Chips wrap on a phone where a segmented control would overflow. */}
            <Chip.Group value={kind} onChange={(v) => setKind(v as (typeof KINDS)[number])}>
              <Group gap={6} role="radiogroup" aria-labelledby="media-kind-label">
                {KINDS.map((k) => (
                  <Chip key={k} value={k} size="sm" variant="light">
                    {t(`media.filter.${k}`)}
                  </Chip>
                ))}
              </Group>
            </Chip.Group>
          </Stack>
        </Group>
        {list.isPending ? (
          <QueryLoading />
        ) : list.isError ? (
          <QueryError error={list.error} onRetry={() => void list.refetch()} />
        ) : list.data.items.length === 0 ? (
          <Text size="sm" c="dimmed" py="md" data-testid="media-empty">
            {q || kind !== 'all' ? t('media.noMatch') : t('media.empty')}
          </Text>
        ) : (
          <SimpleGrid cols={{ base: 2, sm: 3, md: 4 }} spacing="sm" data-testid="media-grid">
            {list.data.items.map((item) => (
              <MediaCard key={item.id} item={item} onOpen={() => setOpenId(item.id)} />
            ))}
          </SimpleGrid>
        )}
      </Stack>
      <MediaDrawer orgId={org.id} item={open} canManage={canManage} onClose={() => setOpenId(null)} />
    </Paper>
  );
}
