import { StrictMode } from 'react';
import { createRoot } from 'react-dom/client';
import { App } from './app';
import { applyTheme, followSystemTheme, storedThemeChoice } from './features/theme/utils/theme';
import { registerServiceWorker } from './lib/service-worker';
import './index.css';

const root = document.getElementById('root');
if (!root) throw new Error('index.html has no #root element');

// public/theme-init.js already set the theme before the first paint; this keeps it in
// step with the system's while the choice is "System".
applyTheme(storedThemeChoice());
followSystemTheme();
registerServiceWorker();

createRoot(root).render(
  <StrictMode>
    <App />
  </StrictMode>,
);
