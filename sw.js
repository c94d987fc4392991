// berth's service worker: keeps the app shell (html, js, wasm, css, the pull worker) so
// that berth opens with no network at all, and shows the images stored in IndexedDB.
//
// The page registers it as /sw.js?v=<build>; a new build registers a new worker, which
// caches the new shell whole before it takes over, so a page never mixes two versions.
const VERSION = new URL(self.location.href).searchParams.get('v') || 'dev';
const CACHE = 'berth-shell-' + VERSION;

// The pull worker's files have fixed names; the rest come from index.html.
const FIXED = ['/', '/berth-worker_loader.js', '/berth-worker.js', '/berth-worker_bg.wasm'];

async function shellUrls() {
  const html = await (await fetch('/', { cache: 'no-store' })).text();
  const found = [...html.matchAll(/(?:href|src)="(\/[^"]+\.(?:js|wasm|css))"/g)].map(m => m[1]);
  return [...new Set([...FIXED, ...found])];
}

self.addEventListener('install', event => {
  event.waitUntil((async () => {
    const cache = await caches.open(CACHE);
    await cache.addAll(await shellUrls());
    await self.skipWaiting();
  })());
});

self.addEventListener('activate', event => {
  event.waitUntil((async () => {
    for (const name of await caches.keys()) {
      if (name.startsWith('berth-shell-') && name !== CACHE) await caches.delete(name);
    }
    await self.clients.claim();
  })());
});

self.addEventListener('fetch', event => {
  const request = event.request;
  const url = new URL(request.url);
  // Registries, proxies and anything not ours go to the network untouched.
  if (request.method !== 'GET' || url.origin !== self.location.origin || url.pathname.startsWith('/proxy/')
      || url.pathname.startsWith('/v2/') || url.pathname.startsWith('/v1/')) {
    return;
  }
  if (request.mode === 'navigate') {
    // Pages: the network when it answers (a fresh index.html), else the cached shell.
    event.respondWith((async () => {
      try {
        return await fetch(request);
      } catch (e) {
        const cache = await caches.open(CACHE);
        return (await cache.match('/')) || Response.error();
      }
    })());
    return;
  }
  // Assets: from this version's cache, else the network.
  event.respondWith((async () => {
    const cache = await caches.open(CACHE);
    return (await cache.match(request, { ignoreSearch: true })) || fetch(request);
  })());
});
