import { FoyerApiError } from '@foyer/client';
import type { PublicEvent } from '@foyer/contracts';
import { MantineProvider } from '@mantine/core';
import { createElement, type ReactNode } from 'react';
import { renderToStaticMarkup } from 'react-dom/server';
import { beforeAll, describe, expect, it, vi } from 'vitest';
import { DateTime } from '../components/date-time.tsx';
import { useProblem } from '../forms/problem.ts';
import { EventWhen } from '../pages/public/event-layout.tsx';
import { localeOf } from './locale.ts';

// A first visit from a German browser, started the way main.tsx starts the app: i18n.ts detects
// the language from `navigator` and loads its texts after i18next's `init`.
vi.stubGlobal('navigator', { languages: ['de-DE', 'de'], language: 'de-DE' });
vi.stubGlobal('window', { localStorage: { getItem: () => null, setItem: () => undefined } });
vi.stubGlobal('document', { documentElement: { lang: '' } });

let app: typeof import('./i18n.ts');

beforeAll(async () => {
  app = await import('./i18n.ts');
  await app.i18nReady;
});

const text = (node: ReactNode) =>
  renderToStaticMarkup(node)
    .replace(/<style[^>]*>.*?<\/style>/gs, '')
    .replace(/<[^>]+>/g, '')
    .replace(/[\u2009\u202f\u00a0]/g, ' ');

// Midday UTC is the same calendar day in every timezone the tests may run in.
const NOON = '2026-03-18T12:00:00.000Z';

function Problem({ error }: { error: unknown }) {
  return createElement('p', null, useProblem().text(error));
}

const rateLimited = new FoyerApiError(
  { type: 't', title: 'T', status: 429, detail: 'Too many.', code: 'RATE_LIMITED' },
  120,
);

const event = {
  startsAt: '2026-03-18T09:00:00.000Z',
  endsAt: '2026-03-19T16:00:00.000Z',
  timezone: 'Europe/Berlin',
} as PublicEvent;

describe('formatting in the UI language, on a first visit in German', () => {
  it('has picked German', () => {
    expect(app.i18n.language).toBe('de');
    expect(localeOf(app.i18n)).toBe('de');
  });

  it('formats timestamps in German (day first, 24-hour clock)', () => {
    const out = text(createElement(DateTime, { value: NOON }));
    expect(out).toMatch(/^18\.03\.2026, \d{2}:\d{2}$/);
    expect(out).not.toMatch(/AM|PM|Mar/);
  });

  it('formats event dates in German, in the event timezone named in German', () => {
    const out = text(createElement(MantineProvider, null, createElement(EventWhen, { event })));
    expect(out).toBe('18.03.2026, 10:00 – 19.03.2026, 17:00 (MEZ) · Zeiten in Europe/Berlin');
  });

  it('words problem messages and their numbers in German', () => {
    expect(text(createElement(Problem, { error: rateLimited }))).toBe(
      'Zu viele Versuche. Bitte warten Sie 2 Minuten und versuchen Sie es dann erneut.',
    );
  });

  it('follows a switch to English', async () => {
    app.setLanguage('en');
    await vi.waitFor(() => expect(app.i18n.language).toBe('en'));
    expect(text(createElement(DateTime, { value: NOON }))).toMatch(/^Mar 18, 2026, \d{1,2}:\d{2} (AM|PM)$/);
    expect(text(createElement(Problem, { error: rateLimited }))).toBe(
      'Too many attempts. Please wait 2 minutes and try again.',
    );
  });
});

describe('localeOf', () => {
  it('prefers the chosen language over an unset or stale resolvedLanguage', () => {
    expect(localeOf({ language: 'de', resolvedLanguage: undefined })).toBe('de');
    expect(localeOf({ language: 'de-AT', resolvedLanguage: undefined })).toBe('de');
    expect(localeOf({ language: 'fr', resolvedLanguage: undefined })).toBe('en');
  });
});
