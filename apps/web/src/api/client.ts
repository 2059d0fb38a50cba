import { createFoyerClient } from '@foyer/client';

// The web app is always served by the Foyer server itself (or proxied to it
// by Vite in development), so every call is same-origin.
export const api = createFoyerClient();
