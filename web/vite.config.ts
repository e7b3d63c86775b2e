/// <reference types="vitest/config" />
import { createHash } from 'node:crypto';
import { readdirSync, readFileSync } from 'node:fs';
import { join, relative } from 'node:path';
import { fileURLToPath, URL } from 'node:url';
import react from '@vitejs/plugin-react';
import { defineConfig, type Plugin } from 'vite';

// The Rust server serves the API on 127.0.0.1:8080 by default (BIND_ADDR).
const apiProxy = { '/api': { target: 'http://127.0.0.1:8080' } };

const publicDir = fileURLToPath(new URL('./public', import.meta.url));

/** Every file under `dir`, as paths relative to it with forward slashes. */
function filesUnder(dir: string): string[] {
  return readdirSync(dir, { recursive: true, withFileTypes: true })
    .filter((entry) => entry.isFile())
    .map((entry) => relative(dir, join(entry.parentPath, entry.name)).split('\\').join('/'));
}

/**
 * Builds sw/sw.js into dist/sw.js with the build's file list to precache and a version that
 * changes with any file's content, so a new release replaces the old shell. Hand-written rather
 * than workbox: one cache, three rules, no runtime dependency.
 */
function serviceWorker(): Plugin {
  const source = fileURLToPath(new URL('./sw/sw.js', import.meta.url));
  return {
    name: 'tasktracker-service-worker',
    apply: 'build',
    enforce: 'post',
    generateBundle(_options, bundle) {
      const hash = createHash('sha256');
      // index.html is kept as '/', what the server answers for every client-side route.
      const built = Object.values(bundle)
        .filter((file) => !file.fileName.startsWith('.vite/'))
        .map((file) => {
          hash.update(file.fileName);
          hash.update(file.type === 'chunk' ? file.code : file.source);
          return file.fileName;
        })
        .filter((name) => name !== 'index.html');
      const copied = filesUnder(publicDir).filter((name) => name !== 'sw.js');
      for (const name of copied) hash.update(readFileSync(join(publicDir, name)));
      const precache = [...built, ...copied].sort().map((name) => `/${name}`);
      const code = readFileSync(source, 'utf8')
        .replace("'__SW_VERSION__'", JSON.stringify(hash.digest('hex').slice(0, 16)))
        .replace("['__SW_PRECACHE__']", JSON.stringify(precache));
      this.emitFile({ type: 'asset', fileName: 'sw.js', source: code });
    },
  };
}

export default defineConfig({
  plugins: [react(), serviceWorker()],
  resolve: {
    alias: { '@': fileURLToPath(new URL('./src', import.meta.url)) },
  },
  server: { proxy: apiProxy },
  preview: { proxy: apiProxy },
  // The manifest tells scripts/bundle-size.mjs which chunks the first view loads; every browser
  // the app supports has modulepreload, so its polyfill is weight for nothing.
  build: { outDir: 'dist', manifest: true, modulePreload: { polyfill: false } },
  test: {
    environment: 'jsdom',
    setupFiles: ['./src/testing/setup.ts'],
    include: ['src/**/*.test.{ts,tsx}'],
    restoreMocks: true,
    // Each findBy… may wait up to 5 s (src/testing/setup.ts): a story of several steps needs more
    // than vitest's default 5 s per test on a loaded machine.
    testTimeout: 20_000,
    // CSS stays unprocessed (and `?raw` imports of it empty) except the app's own sheet, which
    // src/testing/styles.ts puts in the document for tests of computed styles.
    css: { include: [/\/src\/index\.css(\?|$)/] },
  },
});
