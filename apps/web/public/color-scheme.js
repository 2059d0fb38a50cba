// Runs before the app bundle so the page never flashes the wrong colour
// scheme. Keep the storage key in sync with src/app/color-scheme.ts.
(() => {
  try {
    const stored = window.localStorage.getItem('foyer-color-scheme');
    const prefersDark = window.matchMedia('(prefers-color-scheme: dark)').matches;
    const scheme = stored === 'light' || stored === 'dark' ? stored : prefersDark ? 'dark' : 'light';
    document.documentElement.setAttribute('data-mantine-color-scheme', scheme);
  } catch {
    // Storage can be blocked (privacy settings); Mantine falls back on its own.
  }
})();
