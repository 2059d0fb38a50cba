/** Same shape as the contracts' `RequirementKey`: lower-case words joined by - or _. */
const KEY = /^[a-z0-9]+(?:[-_][a-z0-9]+)*$/;

/**
 * What a typed key becomes: lower case, blanks as hyphens, no stray
 * separators at the ends ("Own Laptop " → "own-laptop"). Returns null for
 * anything that still is not a key, so the field can say so.
 */
export function normaliseKey(typed: string): string | null {
  const key = typed
    .trim()
    .toLowerCase()
    .replace(/\s+/g, '-')
    .replace(/^[-_]+|[-_]+$/g, '');
  return key.length >= 1 && key.length <= 60 && KEY.test(key) ? key : null;
}
