import { describe, expect, it } from 'vitest';
import { safeNext, withNext } from './redirect.ts';

describe('safeNext', () => {
  it('keeps paths on this site', () => {
    expect(safeNext('/account')).toBe('/account');
    expect(safeNext('/invitations/accept?token=abc')).toBe('/invitations/accept?token=abc');
  });

  it('drops anything that could leave the site', () => {
    for (const next of [
      'https://evil.example',
      '//evil.example/x',
      '/\\evil.example',
      'account',
      '',
      null,
      undefined,
    ]) {
      expect(safeNext(next), String(next)).toBeNull();
    }
  });
});

describe('withNext', () => {
  it('encodes the way back', () => {
    expect(withNext('/login', '/invitations/accept?token=a&b')).toBe(
      '/login?next=%2Finvitations%2Faccept%3Ftoken%3Da%26b',
    );
    expect(withNext('/login', null)).toBe('/login');
  });
});
