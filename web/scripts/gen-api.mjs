// Generates src/types/openapi.gen.ts from the server's OpenAPI document, as printed by
// `tasktracker openapi` (the same document GET /api/openapi.json serves):
//   npm run gen:api          rewrite the file
//   npm run gen:api:check    fail if the committed file differs from what the server describes
// The server binary must be built first: `cargo build --locked` in the repository root makes
// ../target/debug/tasktracker (TASKTRACKER_BIN, or CARGO_TARGET_DIR, points elsewhere).
import { execFileSync } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join, relative, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import openapiTS, { COMMENT_HEADER, astToString } from 'openapi-typescript';

const web = resolve(dirname(fileURLToPath(import.meta.url)), '..');
const target = join(web, 'src', 'types', 'openapi.gen.ts');
const binary =
  process.env.TASKTRACKER_BIN ??
  join(resolve(web, '..', process.env.CARGO_TARGET_DIR ?? 'target'), 'debug', 'tasktracker');
const check = process.argv.includes('--check');

/** @param {string} message */
function fail(message) {
  console.error(`gen:api: ${message}`);
  process.exit(1);
}

if (!existsSync(binary)) {
  fail(
    `no server binary at ${binary}: run \`cargo build --locked\` in ${resolve(web, '..')} first`,
  );
}

/** @type {import('openapi-typescript').OpenAPI3} */
let document;
try {
  document = JSON.parse(
    execFileSync(binary, ['openapi'], { encoding: 'utf8', maxBuffer: 64 * 1024 * 1024 }),
  );
} catch (error) {
  fail(`\`${binary} openapi\` did not print a JSON document: ${String(error)}`);
}

// OpenAPI requires operationIds to be unique, and openapi-typescript keys its `operations` by
// them. Where the server repeats one, leave those operations unnamed: they are then typed inline
// under `paths`, which is all this UI reads.
/** @type {Map<string, { operationId?: string }[]>} */
const byId = new Map();
for (const item of Object.values(document.paths ?? {})) {
  for (const operation of Object.values(item)) {
    if (typeof operation !== 'object' || operation === null || !('operationId' in operation)) {
      continue;
    }
    const id = String(operation.operationId);
    byId.set(id, [...(byId.get(id) ?? []), operation]);
  }
}
for (const [id, operations] of byId) {
  if (operations.length < 2) continue;
  console.warn(
    `gen:api: warning: ${operations.length} operations share the operationId "${id}"; ` +
      'typing them inline under `paths` (the server should give each a unique one)',
  );
  for (const operation of operations) delete operation.operationId;
}

const banner = `${COMMENT_HEADER.trimEnd()}
// Regenerate with \`npm run gen:api\` (after \`cargo build\`); \`npm run gen:api:check\` spots drift.

`;
const generated =
  banner + astToString(await openapiTS(document, { enumValues: true, silent: true }));

if (!check) {
  writeFileSync(target, generated);
  console.log(`gen:api: wrote ${relative(web, target)}`);
  process.exit(0);
}

// Compare through a file, so a failed check leaves something to diff against.
const scratch = mkdtempSync(join(tmpdir(), 'tasktracker-gen-api-'));
const fresh = join(scratch, 'openapi.gen.ts');
writeFileSync(fresh, generated);
const committed = existsSync(target) ? readFileSync(target, 'utf8') : null;
if (committed === generated) {
  rmSync(scratch, { recursive: true, force: true });
  console.log(`gen:api: ${relative(web, target)} matches the server's OpenAPI document`);
  process.exit(0);
}
fail(
  `${relative(web, target)} ${committed === null ? 'is missing' : 'is out of date'}: ` +
    `the server's OpenAPI document now generates ${fresh} (diff -u ${target} ${fresh}). ` +
    'Run `npm run gen:api` and commit the result (and fix what the new types break).',
);
