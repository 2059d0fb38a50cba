import { type CSSVariablesResolver, createTheme } from '@mantine/core';

// Shades chosen so white text on filled elements and violet text on light
// tints both reach WCAG AA (4.5:1) in light and dark schemes.
export const theme = createTheme({
  primaryColor: 'violet',
  primaryShade: { light: 7, dark: 8 },
  defaultRadius: 'md',
  fontFamily:
    'system-ui, -apple-system, "Segoe UI", Roboto, "Liberation Sans", "DejaVu Sans", Helvetica, Arial, sans-serif',
  headings: { fontWeight: '700' },
  components: {
    // Dialog titles are headings (h2); make them look like one. A plain object, not `Modal.extend`,
    // so the theme does not pull the modal's code (and its popover library) into every page.
    Modal: { styles: { title: { fontWeight: 700, fontSize: 'var(--mantine-font-size-lg)' } } },
  },
});

/** Colours the app uses besides violet (badges, status, delete buttons). */
const ACCENTS = ['gray', 'red', 'pink', 'grape', 'indigo', 'blue', 'cyan', 'teal', 'green', 'lime', 'yellow', 'orange'];

/**
 * Text on Mantine's "light" and "subtle" variants uses shade 6 (light scheme)
 * or 4 (dark), and filled ones put white on shade 7: green, blue, teal, cyan,
 * lime, yellow and orange fall below 4.5:1 there (axe measured green 2.79:1,
 * blue 3.5:1, red "Delete" 3.28:1). Shade 9 text on the pale tints, shade 2
 * on the dark tints, and white on shade 9 all reach 4.5:1.
 */
function accentVariables(scheme: 'light' | 'dark'): Record<string, string> {
  const out: Record<string, string> = {};
  for (const c of ACCENTS) {
    out[`--mantine-color-${c}-light-color`] =
      scheme === 'light' ? `color-mix(in srgb, var(--mantine-color-${c}-9) 85%, black)` : `var(--mantine-color-${c}-2)`;
    out[`--mantine-color-${c}-text`] = `var(--mantine-color-${c}-${scheme === 'light' ? 9 : 3})`;
    out[`--mantine-color-${c}-outline`] = `var(--mantine-color-${c}-${scheme === 'light' ? 9 : 3})`;
    out[`--mantine-color-${c}-filled`] = `var(--mantine-color-${c}-9)`;
    out[`--mantine-color-${c}-filled-hover`] = `var(--mantine-color-${c}-9)`;
  }
  return out;
}

// Mantine's default "dimmed" greys and error reds (field messages) are below
// 4.5:1 on the page background; so are violet links on the dark background.
export const cssVariablesResolver: CSSVariablesResolver = () => ({
  variables: {},
  light: {
    ...accentVariables('light'),
    '--mantine-color-dimmed': 'var(--mantine-color-gray-7)',
    '--mantine-color-error': 'var(--mantine-color-red-9)',
  },
  dark: {
    ...accentVariables('dark'),
    '--mantine-color-dimmed': 'var(--mantine-color-dark-1)',
    '--mantine-color-error': 'var(--mantine-color-red-4)',
    '--mantine-color-anchor': 'var(--mantine-color-violet-3)',
    '--mantine-color-violet-light-color': 'var(--mantine-color-violet-2)',
  },
});
