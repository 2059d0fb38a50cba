import { FoyerApiError } from '@foyer/client';
import type { Event, StagePlayerKind } from '@foyer/contracts';
import {
  ActionIcon,
  Anchor,
  Button,
  Group,
  NativeSelect,
  Radio,
  Stack,
  Switch,
  Text,
  TextInput,
  Title,
} from '@mantine/core';
import { useEffect, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { Link } from 'react-router';
import { useSaveStage, useStage } from '../../api/stage-queries.ts';
import { QueryError, QueryLoading } from '../../components/query-state.tsx';
import { FormAlert, SavedNote } from '../../forms/form-alert.tsx';
import { useProblem } from '../../forms/problem.ts';
import { useOrg } from '../orgs/org-context.ts';
import { publicPaths } from '../public/public-paths.ts';
import { bodyOf, draftOf, type StageDraft, type TrackDraft } from './stage-settings-form.ts';

const KINDS: StagePlayerKind[] = ['hls', 'youtube', 'vimeo', 'file'];
const FIELDS = ['player.source', 'player.poster', 'secondStream.source', 'secondStream.label'];
const TRACK_FIELDS = ['src', 'srclang', 'label'] as const;
/** The server's field names for every track row, so each error lands on its input. */
const fieldsFor = (tracks: number) => [
  ...FIELDS,
  ...Array.from({ length: tracks }, (_, i) => TRACK_FIELDS.map((f) => `player.tracks.${i}.${f}`)).flat(),
];

function TrackRow({
  track,
  index,
  onChange,
  onRemove,
  disabled,
  errors,
}: {
  track: TrackDraft;
  index: number;
  onChange(track: TrackDraft): void;
  onRemove(): void;
  disabled: boolean;
  errors: Record<string, string>;
}) {
  const error = (field: (typeof TRACK_FIELDS)[number]) => errors[`player.tracks.${index}.${field}`];
  const { t } = useTranslation();
  return (
    <Group align="flex-end" gap="xs" wrap="wrap" component="fieldset" style={{ border: 0, padding: 0, margin: 0 }}>
      <TextInput
        label={t('stage.settings.trackSrc', { n: index + 1 })}
        value={track.src}
        onChange={(e) => onChange({ ...track, src: e.currentTarget.value })}
        error={error('src')}
        placeholder="https://…/captions.vtt"
        style={{ flex: '2 1 240px' }}
        disabled={disabled}
      />
      <TextInput
        label={t('stage.settings.trackLang')}
        value={track.srclang}
        onChange={(e) => onChange({ ...track, srclang: e.currentTarget.value })}
        error={error('srclang')}
        placeholder="de"
        w={90}
        disabled={disabled}
      />
      <TextInput
        label={t('stage.settings.trackLabel')}
        value={track.label}
        onChange={(e) => onChange({ ...track, label: e.currentTarget.value })}
        error={error('label')}
        placeholder="Deutsch"
        style={{ flex: '1 1 140px' }}
        disabled={disabled}
      />
      <NativeSelect
        label={t('stage.settings.trackKind')}
        value={track.kind}
        onChange={(e) => onChange({ ...track, kind: e.currentTarget.value as TrackDraft['kind'] })}
        data={[
          { value: 'captions', label: t('stage.settings.captions') },
          { value: 'subtitles', label: t('stage.settings.subtitles') },
        ]}
        disabled={disabled}
      />
      <ActionIcon
        variant="subtle"
        color="red"
        size="lg"
        onClick={onRemove}
        aria-label={t('stage.settings.removeTrack', { n: index + 1 })}
        disabled={disabled}
      >
        ×
      </ActionIcon>
    </Group>
  );
}

/** The event's one-page stage in the console: player, captions, a second stream and the chat mode. */
export function StageSettingsTab({ event, canManage }: { event: Event; canManage: boolean }) {
  const { t } = useTranslation();
  const { org } = useOrg();
  const problem = useProblem();
  const stage = useStage(event.id);
  const save = useSaveStage(event.id);
  const [draft, setDraft] = useState<StageDraft>(draftOf(undefined));
  const [saved, setSaved] = useState(false);
  const notSetUp = stage.error instanceof FoyerApiError && stage.error.status === 404;
  // biome-ignore lint/correctness/useExhaustiveDependencies: the form restarts from what the server stored when that changes.
  useEffect(() => {
    if (stage.data) setDraft(draftOf(stage.data));
  }, [stage.data?.updatedAt]);

  if (stage.isPending) return <QueryLoading />;
  if (stage.isError && !notSetUp) return <QueryError error={stage.error} onRetry={() => void stage.refetch()} />;

  const set = (patch: Partial<StageDraft>) => {
    setSaved(false);
    setDraft((d) => ({ ...d, ...patch }));
  };
  const errors = save.error
    ? problem.fields(save.error, { fields: fieldsFor(draft.tracks.length) })
    : { fields: {}, form: null };
  const disabled = !canManage || save.isPending;
  const kindOptions = KINDS.map((k) => ({ value: k, label: t(`stage.settings.kinds.${k}`) }));
  const submit = (e: React.FormEvent) => {
    e.preventDefault();
    save.mutate(bodyOf(draft), { onSuccess: () => setSaved(true) });
  };

  return (
    <Stack component="form" gap="md" onSubmit={submit} maw={760}>
      <Group justify="space-between" align="flex-start">
        <Stack gap={2}>
          <Title order={3} size="h4">
            {t('stage.settings.title')}
          </Title>
          <Text size="sm" c="dimmed">
            {t('stage.settings.lead')}
          </Text>
        </Stack>
        {stage.data ? (
          <Anchor component={Link} to={publicPaths.stage(`${org.slug}/${event.slug}`)} size="sm">
            {t('stage.settings.open')}
          </Anchor>
        ) : null}
      </Group>
      <FormAlert message={errors.form} />
      <Switch
        checked={draft.enabled}
        onChange={(e) => set({ enabled: e.currentTarget.checked })}
        label={t('stage.settings.enabled')}
        description={t('stage.settings.enabledHelp')}
        disabled={disabled}
      />
      <Group align="flex-start" gap="sm" wrap="wrap">
        <NativeSelect
          label={t('stage.settings.kind')}
          value={draft.kind}
          onChange={(e) => set({ kind: e.currentTarget.value as StagePlayerKind })}
          data={kindOptions}
          disabled={disabled}
        />
        <TextInput
          label={t(`stage.settings.source.${draft.kind}`)}
          value={draft.source}
          onChange={(e) => set({ source: e.currentTarget.value })}
          error={errors.fields['player.source']}
          required
          style={{ flex: '1 1 320px' }}
          disabled={disabled}
        />
      </Group>
      <TextInput
        label={t('stage.settings.poster')}
        description={t('stage.settings.posterHelp')}
        value={draft.poster}
        onChange={(e) => set({ poster: e.currentTarget.value })}
        error={errors.fields['player.poster']}
        disabled={disabled}
      />
      <Stack gap="xs">
        <Text size="sm" fw={500}>
          {t('stage.settings.tracks')}
        </Text>
        {draft.tracks.map((track, i) => (
          <TrackRow
            // biome-ignore lint/suspicious/noArrayIndexKey: rows have no identity before they are saved.
            key={i}
            track={track}
            index={i}
            disabled={disabled}
            errors={errors.fields}
            onChange={(next) => set({ tracks: draft.tracks.map((old, j) => (j === i ? next : old)) })}
            onRemove={() => set({ tracks: draft.tracks.filter((_, j) => j !== i) })}
          />
        ))}
        <Group>
          <Button
            variant="default"
            size="xs"
            disabled={disabled || draft.tracks.length >= 10}
            onClick={() => set({ tracks: [...draft.tracks, { src: '', srclang: '', label: '', kind: 'captions' }] })}
          >
            {t('stage.settings.addTrack')}
          </Button>
        </Group>
      </Stack>
      <Switch
        checked={draft.hasSecond}
        onChange={(e) => set({ hasSecond: e.currentTarget.checked })}
        label={t('stage.settings.second')}
        description={t('stage.settings.secondHelp')}
        disabled={disabled}
      />
      {draft.hasSecond ? (
        <Group align="flex-start" gap="sm" wrap="wrap">
          <NativeSelect
            label={t('stage.settings.secondKind')}
            value={draft.secondKind}
            onChange={(e) => set({ secondKind: e.currentTarget.value as StagePlayerKind })}
            data={kindOptions}
            disabled={disabled}
          />
          <TextInput
            label={t(`stage.settings.source.${draft.secondKind}`)}
            value={draft.secondSource}
            onChange={(e) => set({ secondSource: e.currentTarget.value })}
            error={errors.fields['secondStream.source']}
            style={{ flex: '1 1 260px' }}
            disabled={disabled}
          />
          <TextInput
            label={t('stage.settings.secondLabel')}
            placeholder={t('stage.settings.secondLabelExample')}
            value={draft.secondLabel}
            onChange={(e) => set({ secondLabel: e.currentTarget.value })}
            error={errors.fields['secondStream.label']}
            disabled={disabled}
          />
        </Group>
      ) : null}
      <Radio.Group
        label={t('stage.settings.chat')}
        value={draft.chat}
        onChange={(v) => set({ chat: v as StageDraft['chat'] })}
      >
        <Stack gap={6} mt={6}>
          {(['guests', 'accounts', 'off'] as const).map((mode) => (
            <Radio key={mode} value={mode} label={t(`stage.settings.chatModes.${mode}`)} disabled={disabled} />
          ))}
        </Stack>
      </Radio.Group>
      {canManage ? (
        <Group>
          <Button type="submit" loading={save.isPending}>
            {t('stage.settings.save')}
          </Button>
          <SavedNote show={saved} message={t('stage.settings.saved')} />
        </Group>
      ) : null}
    </Stack>
  );
}
