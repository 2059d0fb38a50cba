import { Button, Drawer, Group, Stack, Text } from '@mantine/core';
import { useTranslation } from 'react-i18next';
import { LANGUAGES } from '../i18n/detect-language.ts';
import { useLocale } from '../i18n/locale.ts';
import { DrawerAccountLinks } from './account-area.tsx';
import { Brand } from './brand.tsx';
import { NavLinks } from './nav-links.tsx';
import { ThemeToggle } from './theme-toggle.tsx';
import { useChooseLanguage } from './use-choose-language.ts';

/**
 * The phone's navigation: the links, the language and the colour scheme
 * (the header has room only for the account button and this menu's button).
 * Loaded when first opened.
 */
export function NavDrawer({ opened, onClose }: { opened: boolean; onClose: () => void }) {
  const { t } = useTranslation();
  const current = useLocale();
  const choose = useChooseLanguage();
  return (
    <Drawer
      opened={opened}
      onClose={onClose}
      hiddenFrom="sm"
      size="xs"
      title={<Brand />}
      closeButtonProps={{ 'aria-label': t('nav.closeMenu') }}
    >
      <Stack gap="lg">
        <Stack component="nav" aria-label={t('nav.label')} gap="xs" align="stretch">
          <NavLinks stacked onNavigate={onClose} />
          <DrawerAccountLinks onNavigate={onClose} />
        </Stack>
        <Stack gap={6}>
          <Text id="drawer-language" fw={600} size="sm">
            {t('language.heading')}
          </Text>
          <Group gap="xs" role="group" aria-labelledby="drawer-language">
            {LANGUAGES.map((language) => (
              <Button
                key={language}
                lang={language}
                variant={language === current ? 'filled' : 'default'}
                aria-pressed={language === current}
                onClick={() => choose(language)}
              >
                {t(`language.${language}`)}
              </Button>
            ))}
          </Group>
        </Stack>
        <ThemeToggle withLabel />
      </Stack>
    </Drawer>
  );
}
