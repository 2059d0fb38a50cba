import { Badge, Button, Container, Group, Stack, Text, Title } from '@mantine/core';
import { useEffect } from 'react';
import { useTranslation } from 'react-i18next';
import { NavLink, Outlet, useMatch, useParams } from 'react-router';
import { useOrganization } from '../../api/org-queries.ts';
import { useAuth } from '../../auth/auth-context.tsx';
import { useCurrentOrgId } from '../../auth/current-org.ts';
import { QueryError, QueryLoading } from '../../components/query-state.tsx';
import type { OrgContext } from './org-context.ts';

const SECTIONS = [
  { path: 'events', labelKey: 'orgs.nav.events', managersOnly: false },
  { path: 'locations', labelKey: 'orgs.nav.locations', managersOnly: false },
  { path: 'tags', labelKey: 'orgs.nav.tags', managersOnly: false },
  { path: 'media', labelKey: 'orgs.nav.media', managersOnly: false },
  { path: 'members', labelKey: 'orgs.nav.members', managersOnly: false },
  { path: 'api-keys', labelKey: 'orgs.nav.apiKeys', managersOnly: true },
  { path: 'email-templates', labelKey: 'emails.nav', managersOnly: true },
  { path: 'audit-log', labelKey: 'orgs.nav.auditLog', managersOnly: true },
  { path: 'settings', labelKey: 'orgs.nav.settings', managersOnly: true },
] as const;

function SectionLink({ to, label }: { to: string; label: string }) {
  // Events stays highlighted on an event's own pages.
  const active = useMatch({ path: to, end: false }) !== null;
  return (
    <Button
      component={NavLink}
      to={to}
      end
      variant={active ? 'light' : 'subtle'}
      color={active ? undefined : 'gray'}
      c={active ? undefined : 'var(--mantine-color-text)'}
      size="sm"
    >
      {label}
    </Button>
  );
}

/** Heading and section navigation of one organization; the section renders below. */
export function OrgLayout() {
  const { t } = useTranslation();
  const { orgId = '' } = useParams();
  const { user } = useAuth();
  const org = useOrganization(orgId);
  const [, setCurrentOrgId] = useCurrentOrgId();

  // Opening an organization (e.g. from a link) makes it the current one.
  useEffect(() => {
    if (org.data) setCurrentOrgId(org.data.id);
  }, [org.data, setCurrentOrgId]);

  if (org.isPending) return <QueryLoading />;
  if (org.isError) {
    return (
      <Container size="lg" py="xl">
        <QueryError error={org.error} onRetry={() => void org.refetch()} />
      </Container>
    );
  }

  const role = org.data.role;
  const isPlatformAdmin = user?.platformRole === 'admin';
  const context: OrgContext = {
    org: org.data,
    canManage: isPlatformAdmin || role === 'owner' || role === 'admin',
    isOwner: isPlatformAdmin || role === 'owner',
  };
  const base = `/orgs/${org.data.id}`;

  return (
    <Container size="lg" py="xl">
      <Stack gap="lg">
        <Stack gap={6}>
          <Group gap="sm" align="center">
            <Title order={1}>{org.data.name}</Title>
            {role ? (
              <Badge variant="light" size="lg" aria-label={t('orgs.yourRole', { role: t(`roles.${role}`) })}>
                {t(`roles.${role}`)}
              </Badge>
            ) : null}
          </Group>
          <Text c="dimmed" size="sm">
            {t('orgs.slugLine', { slug: org.data.slug })}
          </Text>
        </Stack>
        <Group component="nav" aria-label={t('orgs.nav.label')} gap={4}>
          {SECTIONS.filter((s) => context.canManage || !s.managersOnly).map((s) => (
            <SectionLink key={s.path} to={`${base}/${s.path}`} label={t(s.labelKey)} />
          ))}
        </Group>
        <Outlet context={context} />
      </Stack>
    </Container>
  );
}
