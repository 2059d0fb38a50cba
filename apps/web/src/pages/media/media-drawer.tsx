import type { MediaItem, MediaUsage } from '@foyer/contracts';
import { Alert, Anchor, Button, Drawer, Group, Image, List, Stack, Switch, Text, Textarea } from '@mantine/core';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { Link } from 'react-router';
import { useDeleteMedia, useMediaUsage, useThumbnail, useUpdateMedia } from '../../api/media-queries.ts';
import { useProblem } from '../../forms/problem.ts';
import { useLocale } from '../../i18n/locale.ts';
import { formatBytes } from './format-bytes.ts';

/** Details of one item: preview, alt text, visibility, where it is used, delete. */
export function MediaDrawer({
  orgId,
  item,
  canManage,
  onClose,
}: {
  orgId: string;
  item: MediaItem | null;
  canManage: boolean;
  onClose: () => void;
}) {
  const { t } = useTranslation();
  return (
    <Drawer
      opened={item !== null}
      onClose={onClose}
      position="right"
      size="md"
      title={item?.originalName ?? ''}
      closeButtonProps={{ 'aria-label': t('common.close') }}
    >
      {item ? <MediaDetails key={item.id} orgId={orgId} item={item} canManage={canManage} onClose={onClose} /> : null}
    </Drawer>
  );
}

function MediaDetails({
  orgId,
  item,
  canManage,
  onClose,
}: {
  orgId: string;
  item: MediaItem;
  canManage: boolean;
  onClose: () => void;
}) {
  const { t } = useTranslation();
  const locale = useLocale();
  const problem = useProblem();
  const thumbnail = useThumbnail(item);
  const usage = useMediaUsage(item.id);
  const update = useUpdateMedia(orgId);
  const remove = useDeleteMedia(orgId);
  const [altText, setAltText] = useState(item.altText);
  const [saved, setSaved] = useState(false);

  const save = (change: { altText?: string; visibility?: 'public' | 'private' }) =>
    update.mutate({ id: item.id, ...change }, { onSuccess: () => setSaved(true) });

  return (
    <Stack gap="md">
      {item.kind === 'image' && thumbnail ? (
        <Image src={thumbnail} alt={item.altText} radius="sm" mah={260} fit="contain" />
      ) : null}
      <Text size="sm" c="dimmed">
        {t('media.details', {
          kind: t(`media.kinds.${item.kind}`),
          type: item.contentType,
          size: formatBytes(item.size, locale),
        })}
        {item.width && item.height ? ` · ${item.width} × ${item.height}` : ''}
      </Text>
      {item.kind === 'image' ? (
        <Stack gap="xs">
          <Textarea
            label={t('media.altText')}
            description={t('media.altTextHint')}
            value={altText}
            onChange={(e) => {
              setAltText(e.currentTarget.value);
              setSaved(false);
            }}
            autosize
            minRows={2}
            maxLength={1000}
            readOnly={!canManage}
          />
          {canManage ? (
            <Group gap="sm">
              <Button
                size="sm"
                onClick={() => save({ altText })}
                loading={update.isPending}
                disabled={altText === item.altText}
              >
                {t('media.saveAltText')}
              </Button>
              {saved ? (
                <Text size="sm" c="teal.9" role="status">
                  {t('media.saved')}
                </Text>
              ) : null}
            </Group>
          ) : null}
        </Stack>
      ) : null}
      {canManage ? (
        <Switch
          label={t('media.public')}
          description={t('media.publicHint')}
          checked={item.visibility === 'public'}
          onChange={(e) => save({ visibility: e.currentTarget.checked ? 'public' : 'private' })}
          disabled={update.isPending}
        />
      ) : null}
      {update.isError ? (
        <Alert color="red" role="alert">
          {problem.text(update.error)}
        </Alert>
      ) : null}
      <Stack gap={4} component="section" aria-labelledby="media-usage-heading">
        <Text fw={600} size="sm" id="media-usage-heading">
          {t('media.usedBy')}
        </Text>
        {usage.isPending ? (
          <Text size="sm" c="dimmed">
            {t('query.loading')}
          </Text>
        ) : usage.isError ? (
          <Text size="sm" c="red.8">
            {problem.text(usage.error)}
          </Text>
        ) : usage.data.length === 0 ? (
          <Text size="sm" c="dimmed" data-testid="media-unused">
            {t('media.unused')}
          </Text>
        ) : (
          <List size="sm" data-testid="media-usage">
            {usage.data.map((u) => (
              <List.Item key={`${u.subjectType}-${u.subjectId}-${u.role}`}>
                <UsageLine orgId={orgId} usage={u} />
              </List.Item>
            ))}
          </List>
        )}
      </Stack>
      {canManage ? (
        <Stack gap="xs">
          <Button
            variant="light"
            color="red.9"
            onClick={() => remove.mutate(item.id, { onSuccess: onClose })}
            loading={remove.isPending}
            disabled={(usage.data?.length ?? 0) > 0}
          >
            {t('media.delete')}
          </Button>
          {(usage.data?.length ?? 0) > 0 ? (
            <Text size="xs" c="dimmed">
              {t('media.deleteInUse')}
            </Text>
          ) : null}
          {remove.isError ? (
            <Alert color="red" role="alert">
              {problem.text(remove.error)}
            </Alert>
          ) : null}
        </Stack>
      ) : null}
    </Stack>
  );
}

function UsageLine({ orgId, usage }: { orgId: string; usage: MediaUsage }) {
  const { t } = useTranslation();
  const label = t('media.usage', {
    subject: t(`media.subjects.${usage.subjectType}`),
    role: t(`media.roles.${usage.role}`),
  });
  if (usage.subjectType === 'event') {
    return (
      <Anchor component={Link} to={`/orgs/${orgId}/events/${usage.subjectId}`} size="sm">
        {label}
      </Anchor>
    );
  }
  if (usage.subjectType === 'location') {
    return (
      <Anchor component={Link} to={`/orgs/${orgId}/locations`} size="sm">
        {label}
      </Anchor>
    );
  }
  return <>{label}</>;
}
