import type { TemplateLevel } from '@foyer/client';
import type { EmailTemplateType } from '@foyer/contracts';
import { Badge, Grid, NavLink, Paper, Stack, Text, Title } from '@mantine/core';
import { useTranslation } from 'react-i18next';
import { useSearchParams } from 'react-router';
import { useEmailTemplates } from '../../api/email-queries.ts';
import { QueryError, QueryLoading } from '../../components/query-state.tsx';
import { EmailTemplateEditor } from './email-template-editor.tsx';

/**
 * The message types a level (organisation or event) can word, and the editor
 * of the one picked (`?type=` keeps it in the address, so it can be linked).
 */
export function EmailTemplatesPanel({ level, canEdit }: { level: TemplateLevel; canEdit: boolean }) {
  const { t } = useTranslation();
  const list = useEmailTemplates(level);
  const [params, setParams] = useSearchParams();

  if (list.isPending) return <QueryLoading />;
  if (list.isError) return <QueryError error={list.error} onRetry={() => void list.refetch()} />;
  const items = list.data.items;
  const picked = items.find((i) => i.type === params.get('type'))?.type ?? items[0]?.type;
  const pick = (type: EmailTemplateType) =>
    setParams(
      (p) => {
        p.set('type', type);
        return p;
      },
      { replace: true },
    );

  return (
    <Stack gap="md">
      <Stack gap={2}>
        <Title order={3} size="h4">
          {t('emails.title')}
        </Title>
        <Text size="sm" c="dimmed">
          {'eventId' in level ? t('emails.leadEvent') : t('emails.leadOrg')}
        </Text>
      </Stack>
      <Grid gutter="md">
        <Grid.Col span={{ base: 12, md: 3 }}>
          <Paper withBorder p={4} component="nav" aria-label={t('emails.types')}>
            {items.map((item) => (
              <NavLink
                key={item.type}
                component="button"
                active={item.type === picked}
                onClick={() => pick(item.type)}
                label={t(`emails.type.${item.type}`, { defaultValue: item.type })}
                description={<code>{item.type}</code>}
                rightSection={
                  item.overridden ? (
                    <Badge size="xs" variant="light" color="violet">
                      {t('emails.overridden')}
                    </Badge>
                  ) : item.inherited ? (
                    <Badge size="xs" variant="light" color="gray">
                      {t('emails.inherited')}
                    </Badge>
                  ) : null
                }
                data-testid={`template-${item.type}`}
              />
            ))}
          </Paper>
        </Grid.Col>
        <Grid.Col span={{ base: 12, md: 9 }}>
          {picked ? (
            <EmailTemplateEditor key={picked} level={level} type={picked} canEdit={canEdit} />
          ) : (
            <Text c="dimmed">{t('emails.none')}</Text>
          )}
        </Grid.Col>
      </Grid>
    </Stack>
  );
}
