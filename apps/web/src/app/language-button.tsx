import { Button, type ButtonProps } from '@mantine/core';
import type { ComponentPropsWithRef } from 'react';
import { useTranslation } from 'react-i18next';
import { LanguageIcon } from '../components/icons.tsx';
import { useLocale } from '../i18n/locale.ts';

/**
 * The header's language button ("EN"). Kept apart from its menu so the page
 * can show it before the menu's code (and its popover library) has loaded.
 */
export function LanguageButton(props: ButtonProps & ComponentPropsWithRef<'button'>) {
  const { t } = useTranslation();
  const current = useLocale();
  return (
    <Button
      variant="default"
      size="sm"
      px="xs"
      leftSection={<LanguageIcon size={18} />}
      // The name starts with the visible code, so voice-control users can say what they see.
      aria-label={t('language.label', { language: t(`language.${current}`), code: current.toUpperCase() })}
      data-testid="language-switcher"
      {...props}
    >
      {current.toUpperCase()}
    </Button>
  );
}
