import { Button, Group, Paper, Progress, Stack, Text } from '@mantine/core';
import { type DragEvent, useRef, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { type UploadProblem, uploadMedia } from '../../api/media-queries.ts';

interface Upload {
  key: string;
  name: string;
  progress: number;
  state: 'uploading' | 'done' | 'failed';
  message: string | null;
}

/**
 * Drop several files (or choose them) and each uploads on its own with a
 * progress bar; a refusal (type, size, quota) is shown beside its file.
 */
export function UploadZone({ orgId, onUploaded }: { orgId: string; onUploaded: () => void }) {
  const { t } = useTranslation();
  const input = useRef<HTMLInputElement>(null);
  const [over, setOver] = useState(false);
  const [uploads, setUploads] = useState<Upload[]>([]);

  const patch = (key: string, change: Partial<Upload>) =>
    setUploads((all) => all.map((u) => (u.key === key ? { ...u, ...change } : u)));

  const problemMessage = (p: UploadProblem): string => {
    if (p.code === 'MEDIA_TYPE_NOT_ALLOWED') return t('media.upload.typeNotAllowed');
    if (p.code === 'MEDIA_QUOTA_EXCEEDED') return t('media.upload.quotaExceeded');
    if (p.code === 'PAYLOAD_TOO_LARGE' || p.status === 413) return t('media.upload.tooLarge');
    return p.detail ?? t('media.upload.failed');
  };

  const start = (files: FileList | File[]) => {
    const list = [...files];
    if (list.length === 0) return;
    const added = list.map((file) => ({
      file,
      upload: {
        key: `${file.name}-${file.size}-${Math.random().toString(36).slice(2)}`,
        name: file.name,
        progress: 0,
        state: 'uploading' as const,
        message: null,
      },
    }));
    setUploads((all) => [...added.map((a) => a.upload), ...all]);
    for (const { file, upload } of added) {
      uploadMedia(orgId, file, (fraction) => patch(upload.key, { progress: fraction })).then(
        (item) => {
          patch(upload.key, {
            state: 'done',
            progress: 1,
            message: item.deduplicated ? t('media.upload.deduplicated') : null,
          });
          onUploaded();
        },
        (problem: UploadProblem) => patch(upload.key, { state: 'failed', message: problemMessage(problem) }),
      );
    }
  };

  const onDrop = (e: DragEvent) => {
    e.preventDefault();
    setOver(false);
    start(e.dataTransfer.files);
  };

  return (
    <Stack gap="sm">
      <Paper
        withBorder
        p="lg"
        radius="md"
        data-testid="media-dropzone"
        onDragOver={(e: DragEvent) => {
          e.preventDefault();
          setOver(true);
        }}
        onDragLeave={() => setOver(false)}
        onDrop={onDrop}
        style={{
          borderStyle: 'dashed',
          borderWidth: 2,
          borderColor: over ? 'var(--mantine-primary-color-filled)' : undefined,
          background: over ? 'var(--mantine-primary-color-light)' : undefined,
        }}
      >
        <Group justify="space-between" gap="sm" wrap="wrap">
          <Stack gap={2}>
            <Text fw={600}>{t('media.upload.dropHere')}</Text>
            <Text size="sm" c="dimmed">
              {t('media.upload.hint')}
            </Text>
          </Stack>
          <Button variant="light" onClick={() => input.current?.click()}>
            {t('media.upload.choose')}
          </Button>
          <input
            ref={input}
            type="file"
            multiple
            hidden
            aria-label={t('media.upload.choose')}
            accept="image/*,video/*,audio/*,application/pdf"
            onChange={(e) => {
              if (e.currentTarget.files) start(e.currentTarget.files);
              e.currentTarget.value = '';
            }}
          />
        </Group>
      </Paper>
      {uploads.length > 0 ? (
        <Stack gap="xs" component="ul" p={0} m={0} style={{ listStyle: 'none' }} aria-label={t('media.upload.list')}>
          {uploads.map((u) => (
            <li key={u.key} data-testid="media-upload" data-state={u.state}>
              <Group gap="sm" wrap="nowrap">
                <Text size="sm" truncate="end" w={{ base: 120, sm: 240 }}>
                  {u.name}
                </Text>
                <Progress
                  flex={1}
                  value={Math.round(u.progress * 100)}
                  color={u.state === 'failed' ? 'red' : u.state === 'done' ? 'teal' : undefined}
                  aria-label={t('media.upload.progressOf', { name: u.name })}
                />
                <Text size="sm" w={{ base: 90, sm: 110 }} c={u.state === 'failed' ? 'red.8' : 'dimmed'}>
                  {u.state === 'uploading'
                    ? `${Math.round(u.progress * 100)} %`
                    : u.state === 'done'
                      ? t('media.upload.done')
                      : t('media.upload.refused')}
                </Text>
              </Group>
              {u.message ? (
                <Text
                  size="xs"
                  c={u.state === 'failed' ? 'red.8' : 'dimmed'}
                  role={u.state === 'failed' ? 'alert' : undefined}
                >
                  {u.message}
                </Text>
              ) : null}
            </li>
          ))}
        </Stack>
      ) : null}
    </Stack>
  );
}
