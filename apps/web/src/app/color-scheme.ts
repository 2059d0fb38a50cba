import { localStorageColorSchemeManager } from '@mantine/core';

/** Must match the key read by public/color-scheme.js before the bundle loads. */
export const COLOR_SCHEME_STORAGE_KEY = 'foyer-color-scheme';

export const colorSchemeManager = localStorageColorSchemeManager({ key: COLOR_SCHEME_STORAGE_KEY });
