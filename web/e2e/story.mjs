// The user's story, end to end, against a running server:
//   BASE_URL=http://127.0.0.1:8080 npm run e2e
// register → log in → create three tasks → filter and search → complete one → reload and still be
// logged in → edit → delete → log out → /tasks sends you to login. Screenshots go to
// ../docs/screenshots/. Exits non-zero, naming the step, on any failure.
import { existsSync, mkdirSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { chromium } from 'playwright-core';

/** @typedef {import('playwright-core').Page} Page */
/** @typedef {import('playwright-core').Locator} Locator */

const TIMEOUT_MS = 10_000;
const CHROMIUM = process.env.CHROMIUM_PATH ?? '/usr/bin/chromium';
const CHROMIUM_ARGS = [
  '--no-sandbox',
  '--disable-gpu',
  '--disable-quic',
  '--no-first-run',
  '--disable-background-networking',
  '--disable-component-update',
  '--disable-sync',
];

const baseUrl = (process.env.BASE_URL ?? '').replace(/\/+$/, '');
if (!baseUrl) {
  console.error(
    'e2e: set BASE_URL to the running server, e.g. BASE_URL=http://127.0.0.1:8080 npm run e2e',
  );
  process.exit(2);
}
if (!existsSync(CHROMIUM)) {
  console.error(`e2e: no Chromium at ${CHROMIUM} (apt-get install chromium, or set CHROMIUM_PATH)`);
  process.exit(2);
}

const here = dirname(fileURLToPath(import.meta.url));
const screenshotDir = resolve(here, '..', '..', 'docs', 'screenshots');
mkdirSync(screenshotDir, { recursive: true });

const stamp = `${Date.now().toString(36)}${Math.random().toString(36).slice(2, 6)}`;
const email = `story-${stamp}@example.com`;
const password = 'correct horse battery staple';

/**
 * A datetime-local input value, in this machine's time zone (the browser's too), `hours` from now.
 * @param {number} hours
 */
function localInput(hours) {
  const d = new Date(Date.now() + hours * 3_600_000);
  const pad = (/** @type {number} */ n) => String(n).padStart(2, '0');
  return `${d.getFullYear()}-${pad(d.getMonth() + 1)}-${pad(d.getDate())}T${pad(d.getHours())}:${pad(d.getMinutes())}`;
}

const sleep = (/** @type {number} */ ms) => new Promise((r) => setTimeout(r, ms));

/**
 * Polls `check` until it returns true; otherwise fails with `describe()`'s account of what was seen.
 * @param {() => Promise<boolean>} check
 * @param {() => string | Promise<string>} describe
 */
async function waitUntil(check, describe, timeoutMs = TIMEOUT_MS) {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    if (await check()) return;
    if (Date.now() > deadline) throw new Error(await describe());
    await sleep(100);
  }
}

/** @param {Page} page */
const taskList = (page) => page.getByRole('list', { name: 'Tasks' });

/** @param {Page} page @param {string} title */
const taskItem = (page, title) =>
  taskList(page)
    .getByRole('listitem')
    .filter({ has: page.getByRole('heading', { name: title, exact: true }) });

/** @param {Page} page @returns {Promise<string[] | null>} null while the list is loading */
async function visibleTitles(page) {
  const list = taskList(page);
  if ((await list.count()) === 0) {
    const empty = await page.getByText(/No tasks (yet|match)/).count();
    return empty > 0 ? [] : null;
  }
  if ((await list.getAttribute('aria-busy')) === 'true') return null;
  return list.getByTestId('task-title').allInnerTexts();
}

/**
 * Waits until the list shows exactly `expected` (in that order when `ordered`).
 * @param {Page} page @param {string[]} expected
 */
async function expectTitles(page, expected, ordered = false) {
  const norm = (/** @type {string[]} */ t) => (ordered ? t : [...t].sort());
  let seen = /** @type {string[] | null} */ (null);
  await waitUntil(
    async () => {
      seen = await visibleTitles(page);
      return seen !== null && JSON.stringify(norm(seen)) === JSON.stringify(norm(expected));
    },
    () =>
      `expected tasks ${JSON.stringify(expected)}${ordered ? ' in order' : ''}, saw ${JSON.stringify(seen)}`,
  );
}

/** @param {Page} page @param {string} name */
async function screenshot(page, name) {
  await page.screenshot({ path: join(screenshotDir, `${name}.png`), fullPage: true });
}

/** @param {Page} page @param {RegExp} path */
async function expectPath(page, path) {
  await waitUntil(
    async () => path.test(new URL(page.url()).pathname + new URL(page.url()).search),
    () => `expected to be at ${path}, but at ${page.url()}`,
  );
}

/**
 * @param {Page} page
 * @param {{ title: string, description?: string, due?: string, priority: string, reminder?: string }} task
 */
async function createTask(page, task) {
  const form = page.getByRole('form', { name: 'New task' });
  await form.getByLabel('Title').fill(task.title);
  await form.getByLabel('Description').fill(task.description ?? '');
  await form.getByLabel('Due date').fill(task.due ?? '');
  await form.getByLabel('Priority').selectOption(task.priority);
  await form.getByLabel('Reminder').fill(task.reminder ?? '');
  const created = page.waitForResponse(
    (r) => r.request().method() === 'POST' && new URL(r.url()).pathname === '/api/v1/tasks',
  );
  await form.getByRole('button', { name: 'Add task' }).click();
  const response = await created;
  if (response.status() !== 201) {
    throw new Error(
      `creating "${task.title}" answered ${response.status()}: ${await response.text()}`,
    );
  }
  await taskItem(page, task.title).waitFor();
  await waitUntil(
    async () => (await form.getByLabel('Title').inputValue()) === '',
    () => 'the new-task form was not cleared after a successful create',
  );
}

/** @type {string[]} */
const problems = [];
let step = 'launching Chromium';
const userDataDir = mkdtempSync(join(tmpdir(), 'tasktracker-e2e-'));
const context = await chromium.launchPersistentContext(userDataDir, {
  executablePath: CHROMIUM,
  headless: true,
  args: CHROMIUM_ARGS,
  viewport: { width: 1280, height: 900 },
});
context.setDefaultTimeout(TIMEOUT_MS);
const page = context.pages()[0] ?? (await context.newPage());
page.on('pageerror', (error) => problems.push(`page error: ${error.message}`));
page.on('response', (response) => {
  if (response.status() >= 500)
    problems.push(`${response.status()} from ${response.request().method()} ${response.url()}`);
});

/** @param {string} name @param {() => Promise<void>} run */
async function story(name, run) {
  step = name;
  console.log(`• ${name}`);
  await run();
  if (problems.length) throw new Error(problems.join('; '));
}

let failed = false;
try {
  await story('register', async () => {
    await page.goto(`${baseUrl}/register`);
    await page.getByRole('heading', { name: 'Create an account' }).waitFor();
    await page.getByLabel('Email').fill(email);
    await page.getByLabel('Password', { exact: true }).fill(password);
    await screenshot(page, 'register');
    await page.getByRole('button', { name: 'Register' }).click();
    await expectPath(page, /^\/login/);
    await page.getByText('Account created').waitFor();
  });

  await story('log in', async () => {
    await page.getByLabel('Email').fill(email);
    await page.getByLabel('Password', { exact: true }).fill(password);
    await screenshot(page, 'login');
    await page.getByRole('button', { name: 'Log in' }).click();
    await expectPath(page, /^\/tasks/);
    await page.getByRole('heading', { name: 'Tasks', level: 1 }).waitFor();
    await expectTitles(page, []);
  });

  await story('create three tasks', async () => {
    await createTask(page, {
      title: 'Buy milk',
      description: 'Two litres, semi-skimmed',
      due: localInput(50),
      priority: 'low',
    });
    await createTask(page, {
      title: 'Write report',
      description: 'Q4 numbers for the board',
      due: localInput(27),
      priority: 'high',
      reminder: localInput(24),
    });
    // Due three hours ago: the overdue one.
    await createTask(page, { title: 'Pay rent', due: localInput(-3), priority: 'urgent' });
    await expectTitles(page, ['Pay rent', 'Write report', 'Buy milk'], true);
    const rent = taskItem(page, 'Pay rent');
    if (!(await rent.getAttribute('class'))?.includes('overdue'))
      throw new Error('"Pay rent" is not shown as overdue');
    await rent.getByText(/overdue/).waitFor();
    await taskItem(page, 'Write report')
      .getByRole('img', { name: /Reminder/ })
      .waitFor();
    await screenshot(page, 'tasks');
  });

  await story('filter and search', async () => {
    await page.getByLabel('Filter by priority').selectOption('high');
    await expectTitles(page, ['Write report']);
    await page.getByLabel('Filter by priority').selectOption('');
    await expectTitles(page, ['Pay rent', 'Write report', 'Buy milk']);

    await page.getByLabel('Overdue only').check();
    await expectTitles(page, ['Pay rent']);
    await page.getByLabel('Overdue only').uncheck();
    await expectTitles(page, ['Pay rent', 'Write report', 'Buy milk']);

    await page.getByLabel('Search').pressSequentially('q4 NUMBERS', { delay: 40 });
    await expectTitles(page, ['Write report']);
    await screenshot(page, 'tasks-search');
    await page.getByLabel('Search').fill('');
    await expectTitles(page, ['Pay rent', 'Write report', 'Buy milk']);

    await page.getByLabel('Sort by').selectOption('-priority');
    await expectTitles(page, ['Pay rent', 'Write report', 'Buy milk'], true);
    await page.getByLabel('Sort by').selectOption('priority');
    await expectTitles(page, ['Buy milk', 'Write report', 'Pay rent'], true);
    await page.getByLabel('Sort by').selectOption('-created_at');
  });

  await story('complete one task', async () => {
    const checkbox = taskItem(page, 'Buy milk').getByRole('checkbox');
    const patched = page.waitForResponse((r) => r.request().method() === 'PATCH');
    await checkbox.check();
    const response = await patched;
    if (response.status() !== 200)
      throw new Error(`completing answered ${response.status()}: ${await response.text()}`);
    await waitUntil(
      () => checkbox.isChecked(),
      () => '"Buy milk" did not stay completed',
    );

    await page.getByRole('radio', { name: 'Completed' }).check();
    await expectTitles(page, ['Buy milk']);
    await page.getByRole('radio', { name: 'Active' }).check();
    await expectTitles(page, ['Pay rent', 'Write report']);
    await page.getByRole('radio', { name: 'All' }).check();
    await expectTitles(page, ['Pay rent', 'Write report', 'Buy milk']);
  });

  await story('reload and still be logged in', async () => {
    await page.reload();
    await page.getByRole('heading', { name: 'Tasks', level: 1 }).waitFor();
    await expectPath(page, /^\/tasks/);
    await expectTitles(page, ['Pay rent', 'Write report', 'Buy milk']);
    if (!(await taskItem(page, 'Buy milk').getByRole('checkbox').isChecked())) {
      throw new Error('"Buy milk" is no longer completed after a reload');
    }
  });

  await story('edit a task', async () => {
    await taskItem(page, 'Write report').getByRole('button', { name: 'Edit' }).click();
    const form = page.getByRole('form', { name: 'Edit task Write report' });
    await form.getByLabel('Title').fill('Write final report');
    await form.getByLabel('Priority').selectOption('urgent');
    await screenshot(page, 'task-edit');
    await form.getByRole('button', { name: 'Save' }).click();
    await expectTitles(page, ['Pay rent', 'Write final report', 'Buy milk']);
    await taskItem(page, 'Write final report').getByText('urgent').waitFor();
  });

  await story('delete a task', async () => {
    const rent = taskItem(page, 'Pay rent');
    await rent.getByRole('button', { name: 'Delete' }).click();
    await rent.getByRole('button', { name: 'Yes, delete' }).click();
    await expectTitles(page, ['Write final report', 'Buy milk']);
  });

  await story('look at the profile, the notifications and a phone-sized screen', async () => {
    await page.getByRole('link', { name: 'Profile', exact: true }).click();
    await page.getByRole('heading', { name: 'Profile', level: 1 }).waitFor();
    const shown = await page.getByTestId('profile-email').innerText();
    if (shown !== email) throw new Error(`profile shows ${shown}, expected ${email}`);
    await screenshot(page, 'profile');

    await page.getByRole('button', { name: /^Notifications/ }).click();
    await page.getByRole('region', { name: 'Notifications' }).waitFor();
    const panel = page.getByRole('region', { name: 'Notifications' });
    await waitUntil(
      async () => !(await panel.innerText()).includes('Loading'),
      async () => `the notification panel did not load: ${await panel.innerText()}`,
    );
    if (await panel.getByRole('alert').count())
      throw new Error(`notifications failed: ${await panel.innerText()}`);
    await screenshot(page, 'notifications');
    await page.keyboard.press('Escape');

    await page.getByRole('link', { name: 'Tasks', exact: true }).click();
    await page.setViewportSize({ width: 390, height: 844 });
    await expectTitles(page, ['Write final report', 'Buy milk']);
    await screenshot(page, 'tasks-phone');
    await page.setViewportSize({ width: 1280, height: 900 });
  });

  await story('log out', async () => {
    await page.getByRole('button', { name: 'Log out', exact: true }).click();
    await expectPath(page, /^\/login/);
    await page.getByRole('heading', { name: 'Log in' }).waitFor();
  });

  await story('visiting /tasks after logging out sends you to login', async () => {
    await page.goto(`${baseUrl}/tasks`);
    await expectPath(page, /^\/login\?redirectTo=%2Ftasks/);
    await page.getByRole('button', { name: 'Log in' }).waitFor();
  });

  console.log('e2e: the story passed');
} catch (error) {
  failed = true;
  const message = error instanceof Error ? error.message : String(error);
  console.error(`e2e: FAILED at step "${step}": ${message}`);
  if (problems.length) console.error(`e2e: also seen: ${problems.join('; ')}`);
  await page
    .screenshot({ path: join(screenshotDir, 'failure.png'), fullPage: true })
    .catch(() => {});
} finally {
  await context.close().catch(() => {});
  rmSync(userDataDir, { recursive: true, force: true });
}
process.exit(failed ? 1 : 0);
