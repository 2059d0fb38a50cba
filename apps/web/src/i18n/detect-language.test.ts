import { describe, expect, it } from 'vitest';
import { detectLanguage } from './detect-language.ts';

describe('detectLanguage', () => {
  it('prefers the stored choice', () => {
    expect(detectLanguage('de', ['en-GB'])).toBe('de');
  });

  it('ignores an unsupported stored value and uses the browser languages in order', () => {
    expect(detectLanguage('fr', ['fr-FR', 'de-AT', 'en'])).toBe('de');
  });

  it('falls back to English', () => {
    expect(detectLanguage(null, ['ja', 'fr'])).toBe('en');
    expect(detectLanguage(null, [])).toBe('en');
  });
});
