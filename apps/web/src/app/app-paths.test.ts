import type { RouteObject } from 'react-router';
import { describe, expect, it, vi } from 'vitest';
import { APP_PATHS } from './app-paths.ts';

// The router's modules set up i18next on import, which reads the browser's languages.
vi.stubGlobal('navigator', { languages: ['en'], language: 'en' });
vi.stubGlobal('document', { documentElement: {} });
const { appRoutes } = await import('./router.tsx');

/** Full patterns of the routes that render a page (the catch-all excluded). */
function patternsOf(routes: RouteObject[], parent = ''): string[] {
  return routes.flatMap((route) => {
    const own = route.path ? `${parent.replace(/\/$/, '')}/${route.path}` : parent || '/';
    const children = route.children ? patternsOf(route.children, own) : [];
    const rendersPage = route.path !== '*' && (route.index || (route.path && (route.lazy || route.element)));
    return rendersPage ? [own, ...children] : children;
  });
}

describe('APP_PATHS', () => {
  it('lists exactly the paths the router has a page for', () => {
    expect([...new Set(patternsOf(appRoutes))].sort()).toEqual([...APP_PATHS].sort());
  });
});
