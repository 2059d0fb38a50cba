import { Menu } from '@mantine/core';
import { useTranslation } from 'react-i18next';
import { LANGUAGES } from '../i18n/detect-language.ts';
import { useLocale } from '../i18n/locale.ts';
import { LanguageButton } from './language-button.tsx';
import { useChooseLanguage } from './use-choose-language.ts';

/** The language button with its menu; `defaultOpened` when it replaces a button that was just clicked. */
export function LanguageSwitcher({ defaultOpened = false }: { defaultOpened?: boolean }) {
  const { t } = useTranslation();
  const current = useLocale();
  const choose = useChooseLanguage();

  return (
    <Menu position="bottom-end" withinPortal defaultOpened={defaultOpened}>
      <Menu.Target>
        <LanguageButton />
      </Menu.Target>
      <Menu.Dropdown>
        {LANGUAGES.map((language) => (
          // Each name is written in its own language so people can find theirs; `lang` lets screen readers say it right.
          <Menu.Item
            key={language}
            lang={language}
            onClick={() => choose(language)}
            aria-current={language === current ? 'true' : undefined}
            fw={language === current ? 700 : undefined}
          >
            {t(`language.${language}`)}
          </Menu.Item>
        ))}
      </Menu.Dropdown>
    </Menu>
  );
}
