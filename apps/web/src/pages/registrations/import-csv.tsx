import { FoyerApiError } from '@foyer/client';
import { Button, FileInput, List, Paper, Stack, Text, Textarea, Title } from '@mantine/core';
import { type FormEvent, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { useImportRegistrations } from '../../api/registration-queries.ts';
import { FormAlert, FormNote } from '../../forms/form-alert.tsx';
import { useProblem } from '../../forms/problem.ts';

/** "line 3: …" for each row the server refused (`field: body.csv.line.3`). */
function rowErrors(error: unknown): Array<{ line: string; message: string }> {
  if (!(error instanceof FoyerApiError)) return [];
  return (error.problem.errors ?? []).map((e) => ({
    line: /line\.(\d+)$/.exec(e.field)?.[1] ?? e.field,
    message: e.message,
  }));
}

/** Bulk add from CSV (`email,name`): all or nothing, with the server's errors shown per row. */
export function ImportCsv({ eventId }: { eventId: string }) {
  const { t } = useTranslation();
  const problem = useProblem();
  const run = useImportRegistrations(eventId);
  const [csv, setCsv] = useState('');

  const submit = (e: FormEvent) => {
    e.preventDefault();
    if (csv.trim()) run.mutate(csv);
  };
  const rows = run.isError ? rowErrors(run.error) : [];

  return (
    <Paper withBorder p="md" component="form" onSubmit={submit} aria-labelledby="import-heading">
      <Stack gap="sm">
        <Title order={4} size="h5" id="import-heading">
          {t('registration.import.title')}
        </Title>
        <Text size="sm" c="dimmed">
          {t('registration.import.lead')}
        </Text>
        <FileInput
          label={t('registration.import.file')}
          accept=".csv,text/csv"
          clearable
          onChange={async (file) => setCsv(file ? await file.text() : '')}
          w={{ base: '100%', sm: 320 }}
        />
        <Textarea
          label={t('registration.import.text')}
          placeholder={'email,name\nada@example.org,Ada Lovelace'}
          value={csv}
          onChange={(e) => setCsv(e.currentTarget.value)}
          autosize
          minRows={3}
          maxRows={10}
          styles={{ input: { fontFamily: 'var(--mantine-font-family-monospace)' } }}
        />
        {run.isError ? <FormAlert message={problem.text(run.error)} /> : null}
        {rows.length > 0 ? (
          <List size="sm" data-testid="import-errors">
            {rows.map((r) => (
              <List.Item key={`${r.line}-${r.message}`}>{t('registration.import.rowError', r)}</List.Item>
            ))}
          </List>
        ) : null}
        {run.isSuccess ? (
          <FormNote
            message={t('registration.import.done', {
              added: run.data.added,
              confirmed: run.data.confirmed,
              waitlisted: run.data.waitlisted,
              skipped: run.data.skipped.length,
            })}
          />
        ) : null}
        <Button type="submit" w="fit-content" loading={run.isPending} disabled={!csv.trim()}>
          {t('registration.import.submit')}
        </Button>
      </Stack>
    </Paper>
  );
}
