import { Button, Menu } from '@mantine/core';
import { useTranslation } from 'react-i18next';
import { useUpdateMe } from '../api/account-queries.ts';
import { useAuth } from '../auth/auth-context.tsx';
import { LanguageIcon } from '../components/icons.tsx';
import { isLanguage, LANGUAGES } from '../i18n/detect-language.ts';
import { setLanguage } from '../i18n/i18n.ts';

export function LanguageSwitcher() {
  const { t, i18n } = useTranslation();
  const current = isLanguage(i18n.resolvedLanguage) ? i18n.resolvedLanguage : 'en';
  const { status } = useAuth();
  const updateMe = useUpdateMe();
  const choose = (language: (typeof LANGUAGES)[number]) => {
    setLanguage(language);
    // Signed in, the choice is the account's language, so emails and other devices follow it.
    if (status === 'signedIn') updateMe.mutate({ locale: language });
  };

  return (
    <Menu position="bottom-end" withinPortal>
      <Menu.Target>
        <Button
          variant="default"
          size="sm"
          px="xs"
          leftSection={<LanguageIcon size={18} />}
          // The name includes the visible code so voice-control users can say what they see.
          aria-label={t('language.label', { language: t(`language.${current}`), code: current.toUpperCase() })}
          data-testid="language-switcher"
        >
          {current.toUpperCase()}
        </Button>
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
