import type { MediaItem } from '@foyer/contracts';
import { Card, Center, Group, Image, Stack, Text, UnstyledButton } from '@mantine/core';
import { useTranslation } from 'react-i18next';
import { useThumbnail } from '../../api/media-queries.ts';
import { useLocale } from '../../i18n/locale.ts';
import { formatBytes } from './format-bytes.ts';

/** One item of the library grid: thumbnail (images) or its kind, name, size, visibility. */
export function MediaCard({ item, onOpen }: { item: MediaItem; onOpen: () => void }) {
  const { t } = useTranslation();
  const locale = useLocale();
  const thumbnail = useThumbnail(item);
  return (
    <Card withBorder padding="xs" radius="md" data-testid="media-card">
      <Card.Section>
        <UnstyledButton
          onClick={onOpen}
          w="100%"
          aria-label={t('media.openItem', { name: item.originalName })}
          style={{ display: 'block' }}
        >
          {thumbnail ? (
            <Image
              src={thumbnail}
              alt={item.altText}
              h={150}
              fit="cover"
              loading="lazy"
              bg="var(--mantine-color-default-hover)"
            />
          ) : (
            <Center h={150} bg="var(--mantine-color-default-hover)">
              <Text fw={700} c="dimmed" tt="uppercase" size="sm">
                {t(`media.kinds.${item.kind}`)}
              </Text>
            </Center>
          )}
        </UnstyledButton>
      </Card.Section>
      <Text size="sm" fw={500} mt="xs" truncate="end" title={item.originalName}>
        {item.originalName}
      </Text>
      <Stack gap={2} mt={4}>
        <Text size="xs" c="dimmed">
          {formatBytes(item.size, locale)}
        </Text>
        <Group gap={8}>
          {item.kind === 'image' && !item.altText ? (
            <Text size="xs" fw={600} c="red.9">
              {t('media.noAltText')}
            </Text>
          ) : null}
          <Text size="xs" fw={600} c={item.visibility === 'public' ? 'teal.9' : 'gray.7'}>
            {t(`media.visibility.${item.visibility}`)}
          </Text>
        </Group>
      </Stack>
    </Card>
  );
}
