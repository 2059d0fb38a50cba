import i18next, { type i18n as I18n } from 'i18next';
import { useTranslation } from 'react-i18next';
import { isLanguage, type Language } from './detect-language.ts';

/**
 * The UI language as a BCP-47 tag, for `Intl.*` and `toLocaleString`.
 *
 * Not `i18n.resolvedLanguage` on its own: i18next only sets it when the
 * language already has texts at `init` or `changeLanguage`, and i18n.ts adds
 * the texts after `init`, so on a first visit in German it stayed undefined
 * and everything was formatted in English. `language` is what was chosen.
 */
export function localeOf(instance: Pick<I18n, 'language' | 'resolvedLanguage'>): Language {
  for (const tag of [instance.language, instance.resolvedLanguage]) {
    if (isLanguage(tag)) return tag;
    const base = tag?.toLowerCase().split('-')[0];
    if (isLanguage(base)) return base;
  }
  return 'en';
}

/** The UI language for formatting; the component re-renders when the visitor switches language. */
export function useLocale(): Language {
  const { i18n } = useTranslation();
  return localeOf(i18n);
}

/** The UI language outside React (effects, callbacks); read it when formatting, not at module load. */
export function currentLocale(): Language {
  return localeOf(i18next);
}
