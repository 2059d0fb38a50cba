import '@mantine/core/styles.css';
import './app/global.css';
import { StrictMode } from 'react';
import { createRoot } from 'react-dom/client';
import { session } from './api/client.ts';
import { App } from './app/app.tsx';
import { createRouter, routerReady } from './app/router.tsx';
import { startSessionSync } from './auth/session-sync.ts';
// Initialises i18next; the first render waits for the visitor's language (i18nReady).
import { i18nReady } from './i18n/i18n.ts';

// Once per page load, outside React, so a StrictMode double render cannot refresh twice.
startSessionSync(session);

const container = document.getElementById('root');
if (!container) throw new Error('index.html is missing the #root element');

// index.html's page shell stays on screen until the first page's code has arrived,
// so the first render replaces it with the page rather than with a blank fallback.
const router = createRouter();
void Promise.all([routerReady(router), i18nReady]).then(() => {
  createRoot(container).render(
    <StrictMode>
      <App router={router} />
    </StrictMode>,
  );
});
