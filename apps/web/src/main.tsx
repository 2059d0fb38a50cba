import '@mantine/core/styles.css';
import './app/global.css';
// Initialises i18next before the first render so text is never shown untranslated.
import './i18n/i18n.ts';
import { StrictMode } from 'react';
import { createRoot } from 'react-dom/client';
import { session } from './api/client.ts';
import { App } from './app/app.tsx';
import { startSessionSync } from './auth/session-sync.ts';

// Once per page load, outside React, so a StrictMode double render cannot refresh twice.
startSessionSync(session);

const container = document.getElementById('root');
if (!container) throw new Error('index.html is missing the #root element');

createRoot(container).render(
  <StrictMode>
    <App />
  </StrictMode>,
);
