/**
 * Registers public/sw.js (its precache list is written at build time by vite.config.ts), which
 * keeps the app shell so a reload without network still starts the app. Only in a production
 * build: the dev server's modules are not files a cache could keep.
 */
export function registerServiceWorker(): void {
  if (!import.meta.env.PROD || !('serviceWorker' in navigator)) return;
  window.addEventListener('load', () => {
    navigator.serviceWorker.register('/sw.js', { scope: '/' }).catch((error: unknown) => {
      console.warn('the service worker did not register; the app works online only', error);
    });
  });
}
