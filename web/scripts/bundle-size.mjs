// The JS budget of the first view: prints the gzipped size of every chunk of the last build
// (dist/.vite/manifest.json) and of what the first screen loads, the entry and its static
// imports, and fails above BUDGET_KB. Run by `npm run build`, so `make test` prints the sizes.
import { readFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { gzipSync } from 'node:zlib';

const BUDGET_KB = 150;
const dist = join(dirname(fileURLToPath(import.meta.url)), '..', 'dist');

/** @typedef {{ file: string, isEntry?: boolean, imports?: string[], dynamicImports?: string[] }} Chunk */
/** @type {Record<string, Chunk>} */
const manifest = JSON.parse(readFileSync(join(dist, '.vite', 'manifest.json'), 'utf8'));

const gzipped = (/** @type {string} */ file) => gzipSync(readFileSync(join(dist, file))).length;
const kb = (/** @type {number} */ bytes) => `${(bytes / 1024).toFixed(1)} KB`;

const entries = Object.entries(manifest).filter(([, chunk]) => chunk.isEntry);
if (entries.length !== 1) throw new Error(`expected one entry chunk, found ${entries.length}`);

// The entry and everything it imports statically load before the first screen can render.
/** @type {Set<string>} */
const firstView = new Set();
const visit = (/** @type {string} */ key) => {
  if (firstView.has(key)) return;
  firstView.add(key);
  for (const next of manifest[key]?.imports ?? []) visit(next);
};
visit(entries[0][0]);

const rows = Object.entries(manifest)
  .filter(([, chunk]) => chunk.file.endsWith('.js'))
  .map(([key, chunk]) => ({ key, file: chunk.file, size: gzipped(chunk.file) }))
  .sort((a, b) => b.size - a.size);
for (const { key, file, size } of rows) {
  const mark = firstView.has(key) ? 'first view' : 'lazy';
  console.log(`bundle: ${kb(size).padStart(9)} gzip  ${mark.padEnd(10)}  ${file}`);
}
const total = rows.filter((row) => firstView.has(row.key)).reduce((sum, row) => sum + row.size, 0);
console.log(`bundle: first view JS ${kb(total)} gzipped (budget ${BUDGET_KB} KB)`);
if (total > BUDGET_KB * 1024) {
  console.error(`bundle: the first view's JS is over the ${BUDGET_KB} KB budget: code-split more`);
  process.exit(1);
}
