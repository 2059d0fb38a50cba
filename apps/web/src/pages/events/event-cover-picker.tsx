import type { MediaItem } from '@foyer/contracts';
import {
  Alert,
  Anchor,
  Button,
  Group,
  Image,
  Modal,
  Paper,
  SimpleGrid,
  Stack,
  Text,
  Title,
  UnstyledButton,
} from '@mantine/core';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { Link } from 'react-router';
import { useEventImages, useMediaList, useSetEventCover, useThumbnail } from '../../api/media-queries.ts';
import { QueryError, QueryLoading } from '../../components/query-state.tsx';
import { useProblem } from '../../forms/problem.ts';

/** The event's cover image: shown, chosen from the organization's images, or taken off. */
export function EventCoverPicker({
  orgId,
  eventId,
  canManage,
}: {
  orgId: string;
  eventId: string;
  canManage: boolean;
}) {
  const { t } = useTranslation();
  const problem = useProblem();
  const images = useEventImages(eventId);
  const setCover = useSetEventCover(orgId, eventId);
  const [choosing, setChoosing] = useState(false);
  const cover = images.data?.find((a) => a.role === 'cover')?.media ?? null;

  return (
    <Paper withBorder p="lg" component="section" aria-labelledby="event-cover-heading" maw={720}>
      <Stack gap="sm">
        <Title order={2} size="h4" id="event-cover-heading">
          {t('media.cover.title')}
        </Title>
        {cover?.imageUrl ? (
          <Image
            src={`${cover.imageUrl}&w=640`}
            alt={cover.altText}
            radius="sm"
            mah={220}
            fit="contain"
            data-testid="event-cover-preview"
          />
        ) : (
          <Text size="sm" c="dimmed">
            {t('media.cover.none')}
          </Text>
        )}
        {canManage ? (
          <Group gap="sm">
            <Button variant="light" onClick={() => setChoosing(true)}>
              {cover ? t('media.cover.change') : t('media.cover.choose')}
            </Button>
            {cover ? (
              <Button
                variant="subtle"
                color="red"
                c="red.9"
                onClick={() => setCover.mutate(null)}
                loading={setCover.isPending}
              >
                {t('media.cover.remove')}
              </Button>
            ) : null}
          </Group>
        ) : null}
        {setCover.isError && !choosing ? (
          <Alert color="red" role="alert">
            {problem.text(setCover.error)}
          </Alert>
        ) : null}
      </Stack>
      <Modal opened={choosing} onClose={() => setChoosing(false)} title={t('media.cover.pickTitle')} size="lg">
        <ImageChoices
          orgId={orgId}
          error={setCover.isError ? coverProblem(setCover.error, t, problem.text) : null}
          onChoose={(item) => setCover.mutate(item.id, { onSuccess: () => setChoosing(false) })}
        />
      </Modal>
    </Paper>
  );
}

function coverProblem(error: unknown, t: (key: 'media.cover.needsAltText') => string, text: (e: unknown) => string) {
  const code = (error as { code?: string }).code;
  return code === 'MEDIA_ALT_TEXT_REQUIRED' ? t('media.cover.needsAltText') : text(error);
}

function ImageChoices({
  orgId,
  error,
  onChoose,
}: {
  orgId: string;
  error: string | null;
  onChoose: (item: MediaItem) => void;
}) {
  const { t } = useTranslation();
  const list = useMediaList(orgId, { kind: 'image' });
  if (list.isPending) return <QueryLoading />;
  if (list.isError) return <QueryError error={list.error} onRetry={() => void list.refetch()} />;
  return (
    <Stack gap="sm">
      {error ? (
        <Alert color="red" role="alert">
          {error}
        </Alert>
      ) : null}
      {list.data.items.length === 0 ? (
        <Text size="sm" c="dimmed">
          {t('media.cover.noImages')}{' '}
          <Anchor component={Link} to={`/orgs/${orgId}/media`}>
            {t('media.title')}
          </Anchor>
        </Text>
      ) : (
        <SimpleGrid cols={{ base: 2, sm: 3 }} spacing="sm">
          {list.data.items.map((item) => (
            <Choice key={item.id} item={item} onChoose={() => onChoose(item)} />
          ))}
        </SimpleGrid>
      )}
    </Stack>
  );
}

function Choice({ item, onChoose }: { item: MediaItem; onChoose: () => void }) {
  const { t } = useTranslation();
  const thumbnail = useThumbnail(item);
  return (
    <UnstyledButton onClick={onChoose} aria-label={t('media.cover.use', { name: item.originalName })}>
      <Stack gap={4}>
        {thumbnail ? (
          <Image src={thumbnail} alt="" h={110} fit="cover" radius="sm" />
        ) : (
          <Paper h={110} bg="var(--mantine-color-default-hover)" />
        )}
        <Text size="xs" truncate="end">
          {item.originalName}
        </Text>
        {!item.altText ? (
          <Text size="xs" c="red.9" fw={600}>
            {t('media.noAltText')}
          </Text>
        ) : null}
      </Stack>
    </UnstyledButton>
  );
}
