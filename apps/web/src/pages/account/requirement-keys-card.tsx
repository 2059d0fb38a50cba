import { Button, Group, Paper, Stack, TagsInput, Text, Title } from '@mantine/core';
import { useEffect, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { useMyRequirementKeys, useSetMyRequirementKeys } from '../../api/registration-queries.ts';
import { QueryError, QueryLoading } from '../../components/query-state.tsx';
import { FormAlert, SavedNote } from '../../forms/form-alert.tsx';
import { useProblem } from '../../forms/problem.ts';
import { normaliseKey } from './requirement-keys.ts';

/** "Requirements I meet": the keys that make events fit the user (`fits=me` on the event list). */
export function RequirementKeysCard() {
  const { t } = useTranslation();
  const problem = useProblem();
  const current = useMyRequirementKeys();
  const save = useSetMyRequirementKeys();
  const [keys, setKeys] = useState<string[]>([]);
  const [invalid, setInvalid] = useState<string | null>(null);
  const loaded = current.data?.keys;
  useEffect(() => {
    if (loaded) setKeys(loaded);
  }, [loaded]);

  const change = (typed: string[]) => {
    const next: string[] = [];
    let refused: string | null = null;
    for (const value of typed) {
      const key = normaliseKey(value);
      if (!key) refused = value;
      else if (!next.includes(key)) next.push(key);
    }
    setInvalid(refused ? t('account.requirements.invalid', { key: refused }) : null);
    setKeys(next);
    save.reset();
  };

  return (
    <Paper withBorder p="lg" component="section" aria-labelledby="account-requirements">
      <Title order={2} size="h3" id="account-requirements" mb={4}>
        {t('account.requirements.title')}
      </Title>
      <Text size="sm" c="dimmed" mb="md">
        {t('account.requirements.lead')}
      </Text>
      {current.isPending ? (
        <QueryLoading />
      ) : current.isError ? (
        <QueryError error={current.error} onRetry={() => void current.refetch()} />
      ) : (
        <form
          onSubmit={(e) => {
            e.preventDefault();
            save.mutate(keys);
          }}
        >
          <Stack gap="md">
            <FormAlert message={save.isError ? problem.text(save.error) : null} />
            <TagsInput
              label={t('account.requirements.keys')}
              description={t('account.requirements.hint')}
              placeholder={t('account.requirements.placeholder')}
              value={keys}
              onChange={change}
              error={invalid}
              maxTags={200}
              clearable
              splitChars={[',']}
              maw={560}
            />
            <Group gap="md">
              <Button type="submit" loading={save.isPending}>
                {t('account.requirements.save')}
              </Button>
              <SavedNote show={save.isSuccess} message={t('account.requirements.saved')} />
            </Group>
          </Stack>
        </form>
      )}
    </Paper>
  );
}
