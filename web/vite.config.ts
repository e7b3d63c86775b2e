/// <reference types="vitest/config" />
import { fileURLToPath, URL } from 'node:url';
import react from '@vitejs/plugin-react';
import { defineConfig } from 'vite';

// The Rust server serves the API on 127.0.0.1:8080 by default (BIND_ADDR).
const apiProxy = { '/api': { target: 'http://127.0.0.1:8080' } };

export default defineConfig({
  plugins: [react()],
  resolve: {
    alias: { '@': fileURLToPath(new URL('./src', import.meta.url)) },
  },
  server: { proxy: apiProxy },
  preview: { proxy: apiProxy },
  build: { outDir: 'dist' },
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
