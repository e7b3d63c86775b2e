// Task Tracker's service worker: keeps the app shell (index.html, the built JS and CSS, the
// manifest and icons) so a reload without network still starts the app; the data shown then is
// TanStack Query's persisted cache (src/lib/query-persistence.ts), never API answers kept here.
// vite.config.ts (serviceWorker plugin) builds it to dist/sw.js with the two markers below
// replaced by the build's version and file list, so every build installs afresh.
const VERSION = '__SW_VERSION__';
const PRECACHE = ['__SW_PRECACHE__'];
const PREFIX = 'tasktracker-shell-';
const CACHE = `${PREFIX}${VERSION}`;
/** What the server answers for any client-side route: index.html. */
const SHELL = '/';

self.addEventListener('install', (event) => {
  event.waitUntil(
    caches
      .open(CACHE)
      .then((cache) => cache.addAll([SHELL, ...PRECACHE]))
      .then(() => self.skipWaiting()),
  );
});

self.addEventListener('activate', (event) => {
  event.waitUntil(
    caches
      .keys()
      .then((keys) =>
        Promise.all(
          keys.filter((k) => k.startsWith(PREFIX) && k !== CACHE).map((k) => caches.delete(k)),
        ),
      )
      .then(() => self.clients.claim()),
  );
});

self.addEventListener('fetch', (event) => {
  const { request } = event;
  if (request.method !== 'GET') return;
  const url = new URL(request.url);
  // The API goes straight to the network: its answers are the user's and not kept here.
  if (url.origin !== self.location.origin || url.pathname.startsWith('/api/')) return;
  if (request.mode === 'navigate') {
    // Network first, so a new release shows at once; the kept shell only without a network.
    event.respondWith(
      fetch(request).catch(() =>
        caches.match(SHELL, { cacheName: CACHE }).then((kept) => kept ?? Response.error()),
      ),
    );
    return;
  }
  // Built files are named by their content, so a kept one is always right.
  event.respondWith(
    caches.match(request, { cacheName: CACHE }).then((kept) => kept ?? fetch(request)),
  );
});
