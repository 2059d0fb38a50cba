import i18n from 'i18next';
import { initReactI18next } from 'react-i18next';
import { detectLanguage, LANGUAGES, type Language } from './detect-language.ts';

/** Each language is its own chunk: a visitor downloads only the one they read. */
const loaders: Record<Language, () => Promise<{ default: Record<string, unknown> }>> = {
  en: () => import('./en.json'),
  de: () => import('./de.json'),
};

/** Fetches a language's texts once and adds them to i18next. */
async function loadLanguage(language: Language): Promise<void> {
  if (i18n.hasResourceBundle(language, 'translation')) return;
  const { default: texts } = await loaders[language]();
  i18n.addResourceBundle(language, 'translation', texts);
}

/** localStorage key for the visitor's explicit choice; it wins over the browser's languages. */
export const LANGUAGE_STORAGE_KEY = 'foyer-language';

function readStoredLanguage(): string | null {
  try {
    return window.localStorage.getItem(LANGUAGE_STORAGE_KEY);
  } catch {
    return null;
  }
}

/** The language the visitor picked with the switcher, if they did (not just what the browser suggests). */
export function chosenLanguage(): Language | null {
  const stored = readStoredLanguage();
  return LANGUAGES.includes(stored as Language) ? (stored as Language) : null;
}

export function setLanguage(language: Language): void {
  try {
    window.localStorage.setItem(LANGUAGE_STORAGE_KEY, language);
  } catch {
    // Blocked storage only costs persistence; the switch itself still works.
  }
  void loadLanguage(language).then(() => i18n.changeLanguage(language));
}

// Screen readers and hyphenation rely on <html lang>, so keep it in step.
i18n.on('languageChanged', (language) => {
  document.documentElement.lang = language;
});

const initialLanguage = detectLanguage(readStoredLanguage(), navigator.languages ?? [navigator.language]);

void i18n.use(initReactI18next).init({
  resources: {},
  partialBundledLanguages: true,
  lng: initialLanguage,
  // Both languages have every key (translations.test.ts), so no second language is loaded as a fallback.
  fallbackLng: false,
  supportedLngs: [...LANGUAGES],
  initAsync: false,
  // React already escapes what it renders.
  interpolation: { escapeValue: false },
});

/** Resolves once the visitor's language is loaded; the app renders after it, so text is never untranslated. */
export const i18nReady: Promise<void> = loadLanguage(initialLanguage);

export { i18n };
