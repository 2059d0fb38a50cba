import type { TemplateLevel } from '@foyer/client';
import type { EmailTemplateType, EmailTemplateView } from '@foyer/contracts';
import { Alert, Badge, Button, Code, Group, Paper, Stack, Table, Tabs, Text, Textarea, TextInput } from '@mantine/core';
import { useDebouncedValue } from '@mantine/hooks';
import { useRef, useState } from 'react';
import { useTranslation } from 'react-i18next';
import {
  useEmailPreview,
  useEmailTemplate,
  useResetEmailTemplate,
  useSaveEmailTemplate,
} from '../../api/email-queries.ts';
import { ConfirmDialog } from '../../components/confirm-dialog.tsx';
import { QueryError, QueryLoading } from '../../components/query-state.tsx';
import { useProblem } from '../../forms/problem.ts';
import { withCidPlaceholders } from './inline-images.ts';
import { overrideParts, TEMPLATE_PARTS, type TemplatePart, templateSyntaxErrors } from './template-errors.ts';

type Parts = Record<TemplatePart, string>;
const PREVIEW_DELAY_MS = 400;
const mono = { input: { fontFamily: 'var(--mantine-font-family-monospace)', fontSize: 13 } };

/** What this level falls back to without its own override: the organisation's wording, or Foyer's default. */
function fallbackOf(view: EmailTemplateView): Parts {
  const parts = {} as Parts;
  for (const part of TEMPLATE_PARTS) parts[part] = view.inherited?.[part] ?? view.defaults[part];
  return parts;
}

export function EmailTemplateEditor(props: { level: TemplateLevel; type: EmailTemplateType; canEdit: boolean }) {
  const view = useEmailTemplate(props.level, props.type);
  // Up here, so the confirmation outlives the form's fresh start after saving.
  const [saved, setSaved] = useState(false);
  if (view.isPending) return <QueryLoading />;
  if (view.isError) return <QueryError error={view.error} onRetry={() => void view.refetch()} />;
  // Re-keyed when saved or reset, so the fields start again from what is stored.
  return (
    <EditorForm
      key={view.data.override?.updatedAt ?? 'none'}
      view={view.data}
      saved={saved}
      setSaved={setSaved}
      {...props}
    />
  );
}

function EditorForm({
  level,
  type,
  view,
  canEdit,
  saved,
  setSaved,
}: {
  level: TemplateLevel;
  type: EmailTemplateType;
  view: EmailTemplateView;
  canEdit: boolean;
  saved: boolean;
  setSaved: (saved: boolean) => void;
}) {
  const { t } = useTranslation();
  const problem = useProblem();
  const [values, setValues] = useState<Parts>(view.effective);
  const [debounced] = useDebouncedValue(values, PREVIEW_DELAY_MS);
  const preview = useEmailPreview(level, type, debounced);
  // While a part does not parse, the last rendering that worked stays on screen.
  const lastGood = useRef(preview.data);
  if (preview.data) lastGood.current = preview.data;
  const shown = preview.data ?? lastGood.current;
  const save = useSaveEmailTemplate(level, type);
  const reset = useResetEmailTemplate(level, type);
  const [confirmReset, setConfirmReset] = useState(false);

  const dirty = TEMPLATE_PARTS.some((p) => values[p] !== view.effective[p]);
  // Saving reports syntax errors too; until then, the preview finds them while typing.
  const syntax = templateSyntaxErrors(save.error) ?? templateSyntaxErrors(preview.error) ?? {};
  const fieldError = (part: TemplatePart) => {
    const e = syntax[part];
    if (!e) return undefined;
    return e.line !== undefined
      ? t('emails.syntaxAt', { line: e.line, column: e.column ?? 1, message: e.message })
      : e.message;
  };
  const set = (part: TemplatePart) => (e: { currentTarget: { value: string } }) => {
    const value = e.currentTarget.value;
    setSaved(false);
    save.reset();
    setValues((v) => ({ ...v, [part]: value }));
  };
  const submit = () => {
    const parts = overrideParts(values, fallbackOf(view));
    const anything = TEMPLATE_PARTS.some((p) => parts[p] !== null);
    // A promise rather than mutate's callbacks: those are dropped when this form starts afresh on the saved data.
    const saving = anything ? save.mutateAsync(parts) : view.override ? reset.mutateAsync() : null;
    saving?.then(
      () => setSaved(true),
      () => undefined, // shown from the mutation's error
    );
  };

  return (
    <Stack gap="md">
      <Group justify="space-between" align="center">
        <Group gap="xs">
          <Code>{type}</Code>
          {view.override ? (
            <Badge variant="light" color="violet">
              {t('emails.overridden')}
            </Badge>
          ) : view.inherited ? (
            <Badge variant="light" color="gray">
              {t('emails.inherited')}
            </Badge>
          ) : (
            <Badge variant="light" color="gray">
              {t('emails.default')}
            </Badge>
          )}
        </Group>
        {canEdit ? (
          <Group gap="xs">
            <Button
              variant="default"
              disabled={!view.override}
              onClick={() => setConfirmReset(true)}
              data-testid="template-reset"
            >
              {t('emails.reset')}
            </Button>
            <Button onClick={submit} disabled={!dirty} loading={save.isPending} data-testid="template-save">
              {t('emails.save')}
            </Button>
          </Group>
        ) : null}
      </Group>
      <div role="status" aria-live="polite">
        {saved ? (
          <Alert color="green" variant="light" data-testid="template-saved">
            {t('emails.saved')}
          </Alert>
        ) : null}
        {save.isError && !templateSyntaxErrors(save.error) ? (
          <Alert color="red" variant="light">
            {problem.text(save.error)}
          </Alert>
        ) : null}
        {save.isError && templateSyntaxErrors(save.error) ? (
          <Alert color="red" variant="light" data-testid="template-not-saved">
            {t('emails.notSaved')}
          </Alert>
        ) : null}
      </div>
      <TextInput
        label={t('emails.subject')}
        value={values.subject}
        onChange={set('subject')}
        error={fieldError('subject')}
        readOnly={!canEdit}
        styles={mono}
        data-testid="template-subject"
      />
      <Textarea
        label={t('emails.html')}
        description={t('emails.htmlHint')}
        value={values.html}
        onChange={set('html')}
        error={fieldError('html')}
        readOnly={!canEdit}
        autosize
        minRows={6}
        maxRows={18}
        styles={mono}
        spellCheck={false}
        data-testid="template-html"
      />
      <Textarea
        label={t('emails.text')}
        value={values.text}
        onChange={set('text')}
        error={fieldError('text')}
        readOnly={!canEdit}
        autosize
        minRows={4}
        maxRows={14}
        styles={mono}
        spellCheck={false}
        data-testid="template-text"
      />
      <Paper withBorder p="md" component="section" aria-label={t('emails.preview')}>
        <Stack gap="sm">
          <Group justify="space-between">
            <Text fw={600}>{t('emails.preview')}</Text>
            {preview.isFetching ? (
              <Text size="xs" c="dimmed">
                {t('emails.previewUpdating')}
              </Text>
            ) : null}
          </Group>
          {preview.isError && !templateSyntaxErrors(preview.error) ? (
            <Alert color="red" variant="light">
              {problem.text(preview.error)}
            </Alert>
          ) : null}
          {preview.isError && templateSyntaxErrors(preview.error) ? (
            <Text size="sm" c="dimmed" data-testid="preview-stale">
              {t('emails.previewStale')}
            </Text>
          ) : null}
          {shown ? (
            <>
              <Text size="sm">
                <Text span c="dimmed">
                  {t('emails.subject')}:{' '}
                </Text>
                <Text span fw={600} data-testid="preview-subject">
                  {shown.subject}
                </Text>
              </Text>
              <Tabs defaultValue="html">
                <Tabs.List>
                  <Tabs.Tab value="html">{t('emails.html')}</Tabs.Tab>
                  <Tabs.Tab value="text">{t('emails.text')}</Tabs.Tab>
                </Tabs.List>
                <Tabs.Panel value="html" pt="sm">
                  {/* No permission at all: scripts, forms and navigation of the rendered mail stay inert. */}
                  <iframe
                    sandbox=""
                    srcDoc={withCidPlaceholders(shown.html)}
                    title={t('emails.previewFrame')}
                    style={{
                      width: '100%',
                      height: 480,
                      display: 'block',
                      boxSizing: 'border-box',
                      border: '1px solid var(--mantine-color-default-border)',
                    }}
                    data-testid="preview-html"
                  />
                </Tabs.Panel>
                <Tabs.Panel value="text" pt="sm">
                  <Code block data-testid="preview-text">
                    {shown.text}
                  </Code>
                </Tabs.Panel>
              </Tabs>
            </>
          ) : null}
        </Stack>
      </Paper>
      <Stack gap="xs" component="section" aria-label={t('emails.variables')}>
        <Text fw={600}>{t('emails.variables')}</Text>
        <Table withTableBorder striped>
          <Table.Tbody>
            {view.variables.map((v) => (
              <Table.Tr key={v.name}>
                <Table.Td>
                  <Code>{`{{ ${v.name} }}`}</Code>
                </Table.Td>
                <Table.Td>{v.description}</Table.Td>
              </Table.Tr>
            ))}
          </Table.Tbody>
        </Table>
      </Stack>
      <ConfirmDialog
        opened={confirmReset}
        title={t('emails.resetTitle')}
        confirmLabel={t('emails.reset')}
        loading={reset.isPending}
        error={reset.isError ? problem.text(reset.error) : null}
        onClose={() => setConfirmReset(false)}
        onConfirm={() => reset.mutate(undefined, { onSuccess: () => setConfirmReset(false) })}
      >
        {'eventId' in level ? t('emails.resetEventBody') : t('emails.resetOrgBody')}
      </ConfirmDialog>
    </Stack>
  );
}
