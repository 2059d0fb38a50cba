import { Paper } from '@mantine/core';
import { useTranslation } from 'react-i18next';
import { usePageTitle } from '../../components/use-page-title.ts';
import { useOrg } from '../orgs/org-context.ts';
import { EmailTemplatesPanel } from './email-templates-panel.tsx';

/** `/orgs/:orgId/email-templates`: the organisation's wording of its messages (admins and owners). */
export function OrgEmailTemplatesPage() {
  const { t } = useTranslation();
  const { org, canManage } = useOrg();
  usePageTitle(`${t('emails.title')} · ${org.name}`);
  return (
    <Paper withBorder p="lg" component="section">
      <EmailTemplatesPanel level={{ orgId: org.id }} canEdit={canManage} />
    </Paper>
  );
}
