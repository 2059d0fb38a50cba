import { CookieSession, createFoyerClient } from '@foyer/client';
import { acrossTabs } from '../auth/refresh-lock.ts';

// The web app is always served by the Foyer server itself (or proxied to it
// by Vite in development), so every call is same-origin. The refresh token
// stays in an httpOnly cookie; the access token lives only in `session`.
export const api = createFoyerClient({
  sessionMode: 'cookie',
  accessToken: () => session.accessToken(),
  onInvalidToken: () => session.refresh(),
});

export const session = new CookieSession({ refresh: () => api.auth.refresh(), lock: acrossTabs });
