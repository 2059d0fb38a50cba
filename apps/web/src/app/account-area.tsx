import { Button, Group, Skeleton } from '@mantine/core';
import { lazy, Suspense } from 'react';
import { useTranslation } from 'react-i18next';
import { Link, useLocation } from 'react-router';
import { useAuth } from '../auth/auth-context.tsx';
import { withNext } from '../auth/redirect.ts';

// Only people who are signed in see these menus (and their popover code): visitors never load them.
const OrgSwitcher = lazy(() => import('./org-switcher.tsx').then((m) => ({ default: m.OrgSwitcher })));
const UserMenu = lazy(() => import('./user-menu.tsx').then((m) => ({ default: m.UserMenu })));
const menuFallback = <Skeleton w={120} h={36} radius="md" aria-hidden="true" />;

const AUTH_PAGES = ['/login', '/signup'];

/** Extra entries for the mobile drawer, where the header has no room for them. */
export function DrawerAccountLinks({ onNavigate }: { onNavigate: () => void }) {
  const { t } = useTranslation();
  const { status } = useAuth();
  if (status === 'signedIn') {
    return (
      <Suspense fallback={menuFallback}>
        <OrgSwitcher />
      </Suspense>
    );
  }
  if (status === 'signedOut') {
    return (
      <Button component={Link} to="/signup" onClick={onNavigate} fullWidth>
        {t('auth.signup.link')}
      </Button>
    );
  }
  return null;
}

/** The header's right-hand account controls: log in / sign up, or organization and user menus. */
export function AccountArea() {
  const { t } = useTranslation();
  const { status, user } = useAuth();
  const location = useLocation();

  if (status === 'unknown') return <Skeleton w={120} h={36} radius="md" aria-hidden="true" />;
  if (status === 'signedIn' && user) {
    return (
      <Suspense fallback={menuFallback}>
        <Group gap="xs" wrap="nowrap">
          <Group visibleFrom="sm">
            <OrgSwitcher />
          </Group>
          <UserMenu user={user} />
        </Group>
      </Suspense>
    );
  }
  // Come back to the page being looked at after signing in.
  const here =
    AUTH_PAGES.includes(location.pathname) || location.pathname === '/'
      ? null
      : `${location.pathname}${location.search}`;
  return (
    <Group gap="xs" wrap="nowrap">
      <Button component={Link} to={withNext('/login', here)} variant="default" size="sm">
        {t('auth.login.link')}
      </Button>
      <Button component={Link} to={withNext('/signup', here)} size="sm" visibleFrom="sm">
        {t('auth.signup.link')}
      </Button>
    </Group>
  );
}
