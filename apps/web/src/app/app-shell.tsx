import { Anchor, AppShell, Burger, Group, UnstyledButton } from '@mantine/core';
import { useDisclosure } from '@mantine/hooks';
import { lazy, Suspense, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { Link, Outlet } from 'react-router';
import { AccountArea } from './account-area.tsx';
import { Brand } from './brand.tsx';
import { HeaderLanguage } from './header-language.tsx';
import { NavLinks } from './nav-links.tsx';
import { ThemeToggle } from './theme-toggle.tsx';
import { VerifyEmailBanner } from './verify-email-banner.tsx';

const MAIN_CONTENT_ID = 'main-content';

// The phone's drawer needs Mantine's modal code: fetched when first opened, so a visitor's first
// page does not wait for it.
const NavDrawer = lazy(() => import('./nav-drawer.tsx').then((m) => ({ default: m.NavDrawer })));

/** Header, navigation and the main landmark around the matched route. */
export function FoyerAppShell() {
  const { t } = useTranslation();
  const [drawerOpen, drawer] = useDisclosure(false);
  // Mounted from the first opening on, so it can animate closed.
  const [drawerUsed, setDrawerUsed] = useState(false);

  return (
    <AppShell header={{ height: 64 }} padding="md">
      <Anchor href={`#${MAIN_CONTENT_ID}`} className="foyer-skip-link">
        {t('app.skipToContent')}
      </Anchor>
      <AppShell.Header px="md">
        <Group h="100%" justify="space-between" wrap="nowrap" gap="xs">
          <Group gap="lg" wrap="nowrap">
            <UnstyledButton component={Link} to="/" aria-label={t('app.brand')}>
              <Brand />
            </UnstyledButton>
            <Group component="nav" aria-label={t('nav.label')} gap={4} visibleFrom="sm">
              <NavLinks />
            </Group>
          </Group>
          <Group gap="xs" wrap="nowrap">
            {/* On phones the language and colour scheme are in the drawer: the header keeps room for the menu. */}
            <Group gap="xs" wrap="nowrap" visibleFrom="sm">
              <HeaderLanguage />
              <ThemeToggle />
            </Group>
            <AccountArea />
            <Burger
              opened={drawerOpen}
              onClick={() => {
                setDrawerUsed(true);
                drawer.toggle();
              }}
              hiddenFrom="sm"
              size="sm"
              aria-label={drawerOpen ? t('nav.closeMenu') : t('nav.openMenu')}
              aria-expanded={drawerOpen}
              data-testid="nav-menu-button"
            />
          </Group>
        </Group>
      </AppShell.Header>

      {drawerUsed && (
        <Suspense fallback={null}>
          <NavDrawer opened={drawerOpen} onClose={drawer.close} />
        </Suspense>
      )}

      <AppShell.Main id={MAIN_CONTENT_ID} tabIndex={-1}>
        <VerifyEmailBanner />
        <Outlet />
      </AppShell.Main>
    </AppShell>
  );
}
