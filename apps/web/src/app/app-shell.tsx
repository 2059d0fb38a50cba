import { Anchor, AppShell, Burger, Drawer, Group, Stack, Text, UnstyledButton } from '@mantine/core';
import { useDisclosure } from '@mantine/hooks';
import { useTranslation } from 'react-i18next';
import { Link, Outlet } from 'react-router';
import { BrandMark } from '../components/icons.tsx';
import { AccountArea, DrawerAccountLinks } from './account-area.tsx';
import { LanguageSwitcher } from './language-switcher.tsx';
import { NavLinks } from './nav-links.tsx';
import { ThemeToggle } from './theme-toggle.tsx';
import { VerifyEmailBanner } from './verify-email-banner.tsx';

const MAIN_CONTENT_ID = 'main-content';

function Brand() {
  const { t } = useTranslation();
  return (
    <Group gap="xs" wrap="nowrap">
      <BrandMark />
      <Text component="span" fw={800} fz="xl">
        {t('app.brand')}
      </Text>
    </Group>
  );
}

/** Header, navigation and the main landmark around the matched route. */
export function FoyerAppShell() {
  const { t } = useTranslation();
  const [drawerOpen, drawer] = useDisclosure(false);

  return (
    <AppShell header={{ height: 64 }} padding="md">
      <Anchor href={`#${MAIN_CONTENT_ID}`} className="foyer-skip-link">
        {t('app.skipToContent')}
      </Anchor>
      <AppShell.Header px="md">
        <Group h="100%" justify="space-between" wrap="nowrap">
          <Group gap="lg" wrap="nowrap">
            <UnstyledButton component={Link} to="/">
              <Brand />
            </UnstyledButton>
            <Group component="nav" aria-label={t('nav.label')} gap={4} visibleFrom="sm">
              <NavLinks />
            </Group>
          </Group>
          <Group gap="xs" wrap="nowrap">
            <LanguageSwitcher />
            <ThemeToggle />
            <AccountArea />
            <Burger
              opened={drawerOpen}
              onClick={drawer.toggle}
              hiddenFrom="sm"
              size="sm"
              aria-label={drawerOpen ? t('nav.closeMenu') : t('nav.openMenu')}
              aria-expanded={drawerOpen}
            />
          </Group>
        </Group>
      </AppShell.Header>

      <Drawer
        opened={drawerOpen}
        onClose={drawer.close}
        hiddenFrom="sm"
        size="xs"
        title={<Brand />}
        closeButtonProps={{ 'aria-label': t('nav.closeMenu') }}
      >
        <Stack component="nav" aria-label={t('nav.label')} gap="xs" align="stretch">
          <NavLinks stacked onNavigate={drawer.close} />
          <DrawerAccountLinks onNavigate={drawer.close} />
        </Stack>
      </Drawer>

      <AppShell.Main id={MAIN_CONTENT_ID} tabIndex={-1}>
        <VerifyEmailBanner />
        <Outlet />
      </AppShell.Main>
    </AppShell>
  );
}
