import { lazy, Suspense, useState } from 'react';
import { LanguageButton } from './language-button.tsx';

const loadSwitcher = () => import('./language-switcher.tsx');
const LanguageSwitcher = lazy(() => loadSwitcher().then((m) => ({ default: m.LanguageSwitcher })));

/**
 * The header's language button. Its menu needs Mantine's popover code, which
 * a visitor's first page should not wait for: the button alone is shown, the
 * menu's code is fetched when the pointer or focus comes near, and the menu
 * opens on the first click.
 */
export function HeaderLanguage() {
  const [clicked, setClicked] = useState(false);
  if (!clicked) {
    return (
      <LanguageButton
        aria-haspopup="menu"
        aria-expanded={false}
        onPointerEnter={() => void loadSwitcher()}
        onFocus={() => void loadSwitcher()}
        onClick={() => setClicked(true)}
      />
    );
  }
  return (
    <Suspense fallback={<LanguageButton aria-haspopup="menu" aria-expanded={false} />}>
      <LanguageSwitcher defaultOpened />
    </Suspense>
  );
}
