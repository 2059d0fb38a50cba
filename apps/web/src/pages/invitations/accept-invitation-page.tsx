import { FoyerApiError } from '@foyer/client';
import { Button, Group, Stack, Text } from '@mantine/core';
import { useTranslation } from 'react-i18next';
import { Link, useLocation, useNavigate, useSearchParams } from 'react-router';
import { useAcceptInvitation, useInvitationPreview } from '../../api/org-queries.ts';
import { useAuth } from '../../auth/auth-context.tsx';
import { useCurrentOrgId } from '../../auth/current-org.ts';
import { withNext } from '../../auth/redirect.ts';
import { QueryLoading } from '../../components/query-state.tsx';
import { FormAlert } from '../../forms/form-alert.tsx';
import { useProblem } from '../../forms/problem.ts';
import { AuthCard } from '../auth/auth-card.tsx';

/**
 * Landing page of the emailed invitation `/invitations/accept?token=…`.
 * People without a session log in or sign up first and come back here; the
 * accepting is an explicit click, so they see which account joins.
 */
export function AcceptInvitationPage() {
  const { t } = useTranslation();
  const token = useSearchParams()[0].get('token') ?? '';
  const here = `${useLocation().pathname}?token=${encodeURIComponent(token)}`;
  const auth = useAuth();
  const navigate = useNavigate();
  const problem = useProblem();
  const [, setCurrentOrgId] = useCurrentOrgId();
  const accept = useAcceptInvitation();
  const preview = useInvitationPreview(token);
  // Name the organization and role when the link is still valid; say so when it is not.
  const lead = preview.data
    ? t('invitation.leadNamed', { organization: preview.data.organizationName, role: t(`roles.${preview.data.role}`) })
    : null;
  const invalid = preview.isError ? problem.text(preview.error) : null;

  if (!token) {
    return (
      <AuthCard title={t('invitation.title')}>
        <FormAlert message={t('invitation.missingToken')} />
      </AuthCard>
    );
  }
  if (auth.status === 'unknown' || preview.isPending) return <QueryLoading />;
  if (invalid) {
    return (
      <AuthCard title={t('invitation.title')}>
        <FormAlert message={invalid} />
      </AuthCard>
    );
  }

  if (auth.status === 'signedOut' || !auth.user) {
    return (
      <AuthCard
        title={t('invitation.title')}
        lead={lead ? `${lead} ${t('invitation.signInWith')}` : t('invitation.signInFirst')}
      >
        <Group grow>
          <Button component={Link} to={withNext('/signup', here)}>
            {t('invitation.signup')}
          </Button>
          <Button component={Link} to={withNext('/login', here)} variant="default">
            {t('invitation.login')}
          </Button>
        </Group>
      </AuthCard>
    );
  }

  return (
    <AuthCard title={t('invitation.title')} lead={lead ?? t('invitation.lead')}>
      <Stack gap="md">
        <Text size="sm">{t('invitation.as', { name: auth.user.name, email: auth.user.email })}</Text>
        <FormAlert
          message={
            accept.error instanceof FoyerApiError && accept.error.code === 'FORBIDDEN'
              ? t('invitation.wrongAccount')
              : accept.isError
                ? problem.text(accept.error)
                : null
          }
        />
        <Button
          loading={accept.isPending}
          onClick={() =>
            accept.mutate(token, {
              onSuccess: ({ organizationId }) => {
                setCurrentOrgId(organizationId);
                navigate(`/orgs/${organizationId}/members`, { replace: true });
              },
            })
          }
        >
          {t('invitation.accept')}
        </Button>
        <Button
          variant="subtle"
          onClick={async () => {
            await auth.signOut();
            navigate(withNext('/login', here));
          }}
        >
          {t('invitation.otherAccount')}
        </Button>
      </Stack>
    </AuthCard>
  );
}
