import { Paper, Stack, Title } from '@mantine/core';
import { useTranslation } from 'react-i18next';
import { useMembers } from '../../api/org-queries.ts';
import { QueryError, QueryLoading } from '../../components/query-state.tsx';
import { usePageTitle } from '../../components/use-page-title.ts';
import { InviteForm } from './invite-form.tsx';
import { MembersTable } from './members-table.tsx';
import { useOrg } from './org-context.ts';

export function MembersPage() {
  const { t } = useTranslation();
  const { org, canManage } = useOrg();
  usePageTitle(`${t('orgs.nav.members')} · ${org.name}`);
  const members = useMembers(org.id);

  return (
    <Stack gap="lg">
      {canManage ? (
        <Paper withBorder p="lg" component="section" aria-labelledby="invite-heading">
          <Title order={2} size="h3" id="invite-heading" mb="md">
            {t('members.invite.title')}
          </Title>
          <InviteForm />
        </Paper>
      ) : null}
      <Paper withBorder p="lg" component="section" aria-labelledby="members-heading">
        <Title order={2} size="h3" id="members-heading" mb="md">
          {t('members.title')}
        </Title>
        {members.isPending ? (
          <QueryLoading />
        ) : members.isError ? (
          <QueryError error={members.error} onRetry={() => void members.refetch()} />
        ) : (
          <MembersTable members={members.data} />
        )}
      </Paper>
    </Stack>
  );
}
