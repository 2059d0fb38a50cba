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

// Mantine's default "dimmed" greys and error reds (field messages) are below
// 4.5:1 on the page background.
export const cssVariablesResolver: CSSVariablesResolver = () => ({
  variables: {},
  light: {
    '--mantine-color-dimmed': 'var(--mantine-color-gray-7)',
    '--mantine-color-error': 'var(--mantine-color-red-9)',
  },
  dark: {
    '--mantine-color-dimmed': 'var(--mantine-color-dark-1)',
    '--mantine-color-error': 'var(--mantine-color-red-4)',
  },
});
