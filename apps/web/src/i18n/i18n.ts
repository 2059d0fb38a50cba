import i18n from 'i18next';
import { initReactI18next } from 'react-i18next';
import de from './de.json';
import { detectLanguage, LANGUAGES, type Language } from './detect-language.ts';
import en from './en.json';

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
  void i18n.changeLanguage(language);
}

// Screen readers and hyphenation rely on <html lang>, so keep it in step.
i18n.on('languageChanged', (language) => {
  document.documentElement.lang = language;
});

void i18n.use(initReactI18next).init({
  resources: { en: { translation: en }, de: { translation: de } },
  lng: detectLanguage(readStoredLanguage(), navigator.languages ?? [navigator.language]),
  fallbackLng: 'en',
  supportedLngs: [...LANGUAGES],
  // Resources are bundled, so initialise synchronously and render translated text on the first paint.
  initAsync: false,
  // React already escapes what it renders.
  interpolation: { escapeValue: false },
});

export { i18n };
