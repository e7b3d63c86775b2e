// The user's story, end to end, against a running server whose access tokens are short-lived
// (ACCESS_TOKEN_TTL_SECS of a few seconds; ../../scripts/e2e.sh starts one):
//   BASE_URL=http://127.0.0.1:8080 npm run e2e
// register → log in → a task form's field errors → create three tasks → filter and search →
// complete one → reload and still be logged in → edit → an edit over a change made on another device
// is refused and the form reloads → the access token expires and is refreshed silently → delete →
// a weekly task with a reminder 1 h before due: the form previews its next five dates, and
// completing it moves it (and its reminder) on a week → a reminder set 2 s ahead shows up in the
// bell, and is marked read → another is snoozed for 10 minutes → profile, a phone-sized screen →
// a project renamed, recoloured and deleted (the sidebar follows at once) →
// two people in two browser contexts: A creates a project and shares it with B as editor, B sees
// A's new task within 2 s without reloading (live updates), B completes it and A sees that, A
// demotes B to viewer and B's controls go, B leaves and the project leaves B's sidebar → log out →
// /tasks sends you to login → forgot password: the link from the emailed message (SMTP_SINK_PORT:
// the story's own SMTP sink) sets a new password, which logs in. Screenshots go to
// ../docs/screenshots/. Exits non-zero,
// naming the step, on any failure.
// CPU_THROTTLE=6 slows the page's CPU that many times, which widens any window where the UI lags
// behind a click or keystroke (the kind of race a busy CI machine hits now and then).
import { existsSync, mkdirSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { chromium } from 'playwright-core';
import { decodedBody, startSmtpSink } from './smtp-sink.mjs';
import { quickAddSteps } from './steps/quickadd.mjs';
import { themeSteps } from './steps/theme.mjs';
import { sessionSteps } from './steps/session.mjs';
import { undoKeysSteps } from './steps/undokeys.mjs';
import { viewSteps } from './steps/views.mjs';

/** @typedef {import('playwright-core').Page} Page */
/** @typedef {import('playwright-core').Locator} Locator */

const TIMEOUT_MS = 10_000;
/** How far ahead the reminder step sets its reminder. */
const REMINDER_LEAD_MS = 2_000;
const REMINDER_TITLE = 'Stretch your legs';
const SNOOZE_TITLE = 'Take a break';
const WEEKLY_TITLE = 'Water the plants';
/** Longest access-token lifetime the story will wait out in the token-expiry step. */
const MAX_TOKEN_WAIT_MS = 60_000;
const CHROMIUM = process.env.CHROMIUM_PATH ?? '/usr/bin/chromium';
const CPU_THROTTLE = Number(process.env.CPU_THROTTLE ?? '1');
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
if (!(CPU_THROTTLE >= 1)) {
  console.error(`e2e: CPU_THROTTLE must be a number >= 1, not ${process.env.CPU_THROTTLE}`);
  process.exit(2);
}
if (!existsSync(CHROMIUM)) {
  console.error(`e2e: no Chromium at ${CHROMIUM} (apt-get install chromium, or set CHROMIUM_PATH)`);
  process.exit(2);
}

const here = dirname(fileURLToPath(import.meta.url));
const screenshotDir = process.env.SCREENSHOT_DIR
  ? resolve(process.env.SCREENSHOT_DIR)
  : resolve(here, '..', '..', 'docs', 'screenshots');
mkdirSync(screenshotDir, { recursive: true });
// A failure picture from an earlier run must not outlive the run that fixed it.
rmSync(join(screenshotDir, 'failure.png'), { force: true });

const stamp = `${Date.now().toString(36)}${Math.random().toString(36).slice(2, 6)}`;
const email = `story-${stamp}@example.com`;
const password = 'correct horse battery staple';

/**
 * The datetime-local input value for the instant `ms`, in this machine's time zone (the browser's
 * too): to the minute, or to the second.
 * @param {number} ms
 */
function localValue(ms, seconds = false) {
  const d = new Date(ms);
  const pad = (/** @type {number} */ n) => String(n).padStart(2, '0');
  const minute = `${d.getFullYear()}-${pad(d.getMonth() + 1)}-${pad(d.getDate())}T${pad(d.getHours())}:${pad(d.getMinutes())}`;
  return seconds ? `${minute}:${pad(d.getSeconds())}` : minute;
}

/** A datetime-local input value `hours` from now, to the minute. @param {number} hours */
const localInput = (hours) => localValue(Date.now() + hours * 3_600_000);

/** Tomorrow at 09:00 on this machine's clock (the browser's zone, and so the user's), in ms. */
function tomorrowAtNine() {
  const d = new Date();
  d.setDate(d.getDate() + 1);
  d.setHours(9, 0, 0, 0);
  return d.getTime();
}

/** The instant `weeks` weeks of wall-clock time after `ms`, across any daylight-saving change. */
function weeksLater(/** @type {number} */ ms, /** @type {number} */ weeks) {
  const d = new Date(ms);
  d.setDate(d.getDate() + 7 * weeks);
  return d.getTime();
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

/**
 * Waits for the answer to the request `matches` picks out. A 401 there is the access token expiring
 * mid-story: the client refreshes and sends the request again, and that second answer is the one
 * that counts (a refused refresh sends the user to login, which the next assertion catches).
 * @param {Page} page @param {string} method @param {RegExp} path
 */
function settledResponse(page, method, path) {
  return page.waitForResponse(
    (r) =>
      r.request().method() === method && path.test(new URL(r.url()).pathname) && r.status() !== 401,
  );
}

/**
 * The instant, in ms, from which the server refuses an access token: its `exp` is in whole
 * seconds, and a token is still good during the second it names.
 * @param {string} token
 */
function refusedFrom(token) {
  const payload = JSON.parse(Buffer.from(token.split('.')[1] ?? '', 'base64url').toString());
  if (typeof payload.exp !== 'number') throw new Error('the access token carries no exp claim');
  return (payload.exp + 1) * 1000;
}

/** @param {Page} page */
const newTaskForm = (page) => page.getByRole('form', { name: 'New task' });

/** The full new-task form sits behind the quick-add line's "More options". @param {Page} page */
async function openNewTaskForm(page) {
  if ((await newTaskForm(page).count()) === 0) {
    await page.getByRole('button', { name: 'More options' }).click();
  }
  await newTaskForm(page).waitFor();
  return newTaskForm(page);
}

/** @param {Page} page */
const taskList = (page) => page.getByRole('list', { name: 'Tasks' });

/** The bell's button, named "Notifications" or "Notifications, N unread". @param {Page} page */
const bell = (page) => page.getByRole('button', { name: /^Notifications(, .* unread)?$/ });

/** @param {Page} page */
const notificationPanel = (page) => page.getByRole('region', { name: 'Notifications' });

/**
 * What the bell says about unread notifications: its accessible name and its visible badge.
 * @param {Page} page
 */
async function bellState(page) {
  return {
    name: (await bell(page).getAttribute('aria-label')) ?? '',
    // Not innerText(): that would wait for a badge that a refetch may just have removed.
    badge: (await page.getByTestId('unread-count').allInnerTexts()).join(' '),
  };
}

/** @param {Page} page @param {string} title */
const taskItem = (page, title) =>
  taskList(page)
    .getByRole('listitem')
    .filter({ has: page.getByRole('heading', { name: title, exact: true }) });

/** @param {Page} page @returns {Promise<string[] | null>} null while the list is loading */
async function visibleTitles(page) {
  // One look at the list, not several: a refetch can take it away between two looks (the last
  // task gone, say), and a locator call such as getAttribute would then wait for it to return.
  const lists = await taskList(page).evaluateAll((found) =>
    found.map((list) => ({
      busy: list.getAttribute('aria-busy') === 'true',
      // innerText, as allInnerTexts reads it (this file's types have no DOM, hence the check).
      titles: [...list.querySelectorAll('[data-testid="task-title"]')].map((title) =>
        'innerText' in title ? String(title.innerText) : (title.textContent ?? ''),
      ),
    })),
  );
  const [list] = lists;
  if (!list) {
    const empty = await page
      .getByText(/No tasks (yet|match)|Nothing (due|is assigned)|No completed tasks/)
      .count();
    return empty > 0 ? [] : null;
  }
  return list.busy ? null : list.titles;
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

/**
 * A picture of one part of the page, with `margin` pixels around it.
 * @param {Page} page @param {Locator} locator @param {string} name
 */
async function screenshotOf(page, locator, name, margin = 16) {
  await locator.scrollIntoViewIfNeeded();
  const box = await locator.boundingBox();
  if (!box) throw new Error(`no ${name} on the page to take a picture of`);
  const x = Math.max(0, box.x - margin);
  const y = Math.max(0, box.y - margin);
  await page.screenshot({
    path: join(screenshotDir, `${name}.png`),
    clip: { x, y, width: box.x + box.width + margin - x, height: box.y + box.height + margin - y },
  });
}

/**
 * The top right corner of the page, from the left edge of `locator` down to its bottom: the bell
 * and the panel it opened.
 * @param {Page} page @param {Locator} locator @param {string} name
 */
async function screenshotTopRight(page, locator, name, margin = 16) {
  const box = await locator.boundingBox();
  const viewport = page.viewportSize();
  if (!box || !viewport) throw new Error(`no ${name} on the page to take a picture of`);
  const x = Math.max(0, box.x - margin);
  await page.screenshot({
    path: join(screenshotDir, `${name}.png`),
    clip: { x, y: 0, width: viewport.width - x, height: box.y + box.height + margin },
  });
}

/**
 * The instant `ms` as a task line writes it, "Tue 8 Dec, 09:00" (the year only when it is not this
 * year's), in the browser's locale and zone: the parts the UI picks from Intl, in its order.
 * @param {Page} page @param {number} ms
 */
function shortDateTime(page, ms) {
  return page.evaluate((at) => {
    const format = new Intl.DateTimeFormat(undefined, {
      weekday: 'short',
      day: 'numeric',
      month: 'short',
      year: 'numeric',
      hour: '2-digit',
      minute: '2-digit',
      hourCycle: 'h23',
    });
    const parts = Object.fromEntries(
      format.formatToParts(new Date(at)).map((part) => [part.type, part.value]),
    );
    const thisYear = format.formatToParts(new Date()).find((p) => p.type === 'year')?.value;
    const year = parts.year === thisYear ? '' : ` ${parts.year}`;
    return `${parts.weekday} ${parts.day} ${parts.month}${year}, ${parts.hour}:${parts.minute}`;
  }, ms);
}

/** @param {Page} page @param {RegExp} path */
async function expectPath(page, path) {
  await waitUntil(
    async () => path.test(new URL(page.url()).pathname + new URL(page.url()).search),
    () => `expected to be at ${path}, but at ${page.url()}`,
  );
}

/**
 * A reminder as the form's adders take it: at a datetime-local value, or some time before due.
 * @typedef {{ at: string } | { before: number, unit: 'minutes' | 'hours' | 'days' }} ReminderEntry
 */

/**
 * Adds `reminders` in a task form's "Reminders" group, each becoming a chip.
 * @param {Locator} form @param {ReminderEntry[]} reminders
 */
async function addReminders(form, reminders) {
  const group = form.getByRole('group', { name: 'Reminders' });
  const chips = group.getByRole('list', { name: 'Reminders set' }).getByRole('listitem');
  for (const [i, reminder] of reminders.entries()) {
    if ('at' in reminder) {
      await group.getByLabel('Remind at').fill(reminder.at);
      await group.getByRole('button', { name: 'Add reminder at this time' }).click();
    } else {
      await group.getByLabel('Time before due').fill(String(reminder.before));
      await group.getByLabel('Unit').selectOption(reminder.unit);
      await group.getByRole('button', { name: 'Add reminder before due' }).click();
    }
    await waitUntil(
      async () => (await chips.count()) === i + 1,
      async () => `after adding reminder ${i + 1} the form shows ${await chips.count()} chips`,
    );
  }
}

/**
 * Submits the new-task form and waits for the task to be listed; returns the server's task.
 * @param {Page} page @param {string} title
 */
async function submitNewTask(page, title) {
  const form = newTaskForm(page);
  const created = settledResponse(page, 'POST', /^\/api\/v1\/tasks$/);
  await form.getByRole('button', { name: 'Add task' }).click();
  const response = await created;
  if (response.status() !== 201) {
    throw new Error(`creating "${title}" answered ${response.status()}: ${await response.text()}`);
  }
  await taskItem(page, title).waitFor();
  await waitUntil(
    async () => (await form.getByLabel('Title').inputValue()) === '',
    () => 'the new-task form was not cleared after a successful create',
  );
  return /** @type {Record<string, unknown>} */ (await response.json());
}

/**
 * @param {Page} page
 * @param {{ title: string, description?: string, due?: string, priority: string, reminders?: ReminderEntry[] }} task
 */
async function createTask(page, task) {
  const form = await openNewTaskForm(page);
  await form.getByLabel('Title').fill(task.title);
  await form.getByLabel('Description').fill(task.description ?? '');
  await form.getByLabel('Due date').fill(task.due ?? '');
  await form.getByLabel('Priority').selectOption(task.priority);
  await addReminders(form, task.reminders ?? []);
  return submitNewTask(page, task.title);
}

/**
 * Changes a task as another device would: a session of its own, straight through the API.
 * @param {number} id @param {Record<string, unknown>} changes
 */
async function changeElsewhere(id, changes) {
  const login = await fetch(`${baseUrl}/api/v1/auth/login`, {
    method: 'POST',
    headers: { 'Content-Type': 'application/json' },
    body: JSON.stringify({ email, password }),
  });
  if (login.status !== 200)
    throw new Error(`logging in on another device answered ${login.status}: ${await login.text()}`);
  const { access_token: token } = /** @type {{ access_token: string }} */ (await login.json());
  const patched = await fetch(`${baseUrl}/api/v1/tasks/${id}`, {
    method: 'PATCH',
    headers: { Authorization: `Bearer ${token}`, 'Content-Type': 'application/json' },
    body: JSON.stringify(changes),
  });
  if (patched.status !== 200)
    throw new Error(
      `changing task ${id} elsewhere answered ${patched.status}: ${await patched.text()}`,
    );
}

// Where the server sends its email (scripts/e2e.sh points SMTP_URL here): without it the story
// skips the password reset.
const smtpSink = process.env.SMTP_SINK_PORT
  ? await startSmtpSink(Number(process.env.SMTP_SINK_PORT))
  : null;
const newPassword = 'a fresh passphrase after a reset';

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
if (CPU_THROTTLE > 1) {
  const cdp = await context.newCDPSession(page);
  await cdp.send('Emulation.setCPUThrottlingRate', { rate: CPU_THROTTLE });
}
page.on('pageerror', (error) => problems.push(`page error: ${error.message}`));
/** @type {{ method: string, path: string, status: number }[]} */
const answers = [];
/** When the access token the page holds stops working (ms); from each login and refresh. */
let tokenRefusedFrom = 0;
page.on('response', (response) => {
  const method = response.request().method();
  const path = new URL(response.url()).pathname;
  const status = response.status();
  if (status >= 500) problems.push(`${status} from ${method} ${response.url()}`);
  if (!path.startsWith('/api/')) return;
  answers.push({ method, path, status });
  if (status === 200 && /^\/api\/v1\/auth\/(login|refresh)$/.test(path)) {
    response
      .json()
      .then((/** @type {{ access_token: string }} */ body) => {
        tokenRefusedFrom = refusedFrom(body.access_token);
      })
      // A reload can discard the body of a refresh that the new page then repeats.
      .catch(() => {});
  }
});
/** Every path the tab showed, client-side navigations included. */
const visited = /** @type {string[]} */ ([]);
page.on('framenavigated', (frame) => {
  if (frame === page.mainFrame()) visited.push(new URL(frame.url()).pathname);
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
    // Registering logs in directly, onto the default view.
    await page.getByRole('button', { name: 'Log out', exact: true }).waitFor();
    if (new URL(page.url()).pathname.startsWith('/login'))
      throw new Error(`registering left the user at ${page.url()}`);
  });

  await story('log in', async () => {
    await page.getByRole('button', { name: 'Log out', exact: true }).click();
    await expectPath(page, /^\/login/);
    await page.getByLabel('Email').fill(email);
    await page.getByLabel('Password', { exact: true }).fill(password);
    await screenshot(page, 'login');
    await page.getByRole('button', { name: 'Log in' }).click();
    // Today is the default view; the story goes on in every project's tasks.
    await expectPath(page, /^\/today/);
    await page.getByRole('heading', { name: 'Today', level: 1 }).waitFor();
    await expectTitles(page, []);
    await page.getByRole('link', { name: 'All tasks', exact: true }).click();
    await expectPath(page, /^\/tasks$/);
    await page.getByRole('heading', { name: 'All tasks', level: 1 }).waitFor();
    await expectTitles(page, []);
  });

  await story('a task without a title shows the field error', async () => {
    const form = await openNewTaskForm(page);
    await form.getByLabel('Title').fill('   ');
    await form.getByLabel('Description').fill('Whitespace is not a title');
    await form.getByRole('button', { name: 'Add task' }).click();
    const title = form.getByLabel('Title');
    await form.getByText('Enter a title.').waitFor();
    if ((await title.getAttribute('aria-invalid')) !== 'true')
      throw new Error('the empty title is not marked invalid');
    const described = await title.evaluate((el) =>
      (el.getAttribute('aria-describedby') ?? '')
        .split(' ')
        .map((/** @type {string} */ id) => el.ownerDocument.getElementById(id)?.textContent ?? '')
        .join(' '),
    );
    if (!described.includes('Enter a title.'))
      throw new Error(`the title's description is "${described}", not its error`);
    await screenshot(page, 'task-form-errors');
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
      reminders: [{ at: localInput(24) }],
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
    const patched = settledResponse(page, 'PATCH', /^\/api\/v1\/tasks\/\d+$/);
    await checkbox.check();
    const response = await patched;
    if (response.status() !== 200)
      throw new Error(`completing answered ${response.status()}: ${await response.text()}`);
    // Completed tasks fold under the open ones; unfolded, they stay so (the rest of the story).
    await page.getByRole('button', { name: 'Completed (1)' }).click();
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

  await story('an edit never overwrites a change made on another device', async () => {
    const id = Number(await taskItem(page, 'Write final report').getAttribute('data-task-id'));
    await taskItem(page, 'Write final report').getByRole('button', { name: 'Edit' }).click();
    const form = page.getByRole('form', { name: 'Edit task Write final report' });
    await form.getByLabel('Description').fill('Q4 numbers and the appendix');
    const elsewhere = 'Q4 numbers for the board, with the forecast';
    await changeElsewhere(id, { description: elsewhere });
    const saved = settledResponse(page, 'PATCH', /^\/api\/v1\/tasks\/\d+$/);
    await form.getByRole('button', { name: 'Save' }).click();
    const response = await saved;
    if (response.status() !== 412)
      throw new Error(`saving over a change made elsewhere answered ${response.status()}`);
    await form
      .getByRole('alert')
      .getByText('This task was changed elsewhere — reloaded the latest version.')
      .waitFor();
    await waitUntil(
      async () => (await form.getByLabel('Description').inputValue()) === elsewhere,
      () => 'the edit form did not take up the version changed elsewhere',
    );
    await form.getByText('Q4 numbers and the appendix').waitFor();
    await screenshot(page, 'task-edit-conflict');
    await form.getByRole('button', { name: 'Cancel' }).click();
    await taskItem(page, 'Write final report').getByText(elsewhere).waitFor();
  });

  await story('an expired access token is refreshed silently', async () => {
    if (tokenRefusedFrom === 0) throw new Error('saw no access token being issued');
    // The live-updates stream renews the token each time the server ends it at the token's expiry,
    // so an open tab never holds an expired one. Cut the stream (as a proxy that does not pass
    // event streams would) to see a request meet an expired token and refresh it by itself.
    await page.route('**/api/v1/events', (route) => route.abort());
    if (tokenRefusedFrom - Date.now() > MAX_TOKEN_WAIT_MS) {
      throw new Error(
        `the access token lives ${Math.round((tokenRefusedFrom - Date.now()) / 1000)} s more; ` +
          'run the server with ACCESS_TOKEN_TTL_SECS of a few seconds (scripts/e2e.sh does)',
      );
    }
    // The user steps away until the token in memory has expired. Waiting is the point of this
    // step; a background request may renew the token meanwhile, so wait out the newest one.
    while (Date.now() < tokenRefusedFrom + 250) await sleep(tokenRefusedFrom + 250 - Date.now());
    const answersFrom = answers.length;
    const visitedFrom = visited.length;

    await createTask(page, { title: 'Call the bank', priority: 'medium' });
    await expectTitles(page, ['Call the bank', 'Pay rent', 'Write final report', 'Buy milk'], true);

    const seen = answers.slice(answersFrom).map((a) => `${a.method} ${a.path} ${a.status}`);
    const refused = seen.indexOf('POST /api/v1/tasks 401');
    const refreshed = seen.indexOf('POST /api/v1/auth/refresh 200', refused);
    const created = seen.indexOf('POST /api/v1/tasks 201', refreshed);
    const creates = seen.filter((a) => a.startsWith('POST /api/v1/tasks ')).length;
    if (refused < 0 || refreshed < 0 || created < 0 || creates !== 2) {
      throw new Error(`expected 401 → refresh → 201 for the new task, saw ${JSON.stringify(seen)}`);
    }
    const detour = visited.slice(visitedFrom).filter((p) => p !== '/tasks');
    if (detour.length) throw new Error(`the tab left the tasks page: ${JSON.stringify(detour)}`);
    await page.unroute('**/api/v1/events');
  });

  await story('delete a task', async () => {
    const rent = taskItem(page, 'Pay rent');
    // No confirmation: the toast that follows offers Undo (the undo-keys steps try it).
    const deleted = settledResponse(page, 'DELETE', /^\/api\/v1\/tasks\/\d+$/);
    await rent.getByRole('button', { name: 'Delete' }).click();
    const response = await deleted;
    if (response.status() !== 204)
      throw new Error(`deleting answered ${response.status()}: ${await response.text()}`);
    await expectTitles(page, ['Call the bank', 'Write final report', 'Buy milk']);
  });

  await story('a weekly task previews five dates and moves on when completed', async () => {
    const form = await openNewTaskForm(page);
    const due = tomorrowAtNine();
    await form.getByLabel('Title').fill(WEEKLY_TITLE);
    await form.getByLabel('Due date').fill(localValue(due));
    await form.getByLabel('Repeats').selectOption({ label: 'Every week on…' });

    // The week day starts as the due date's.
    const weekday = new Date(due).toLocaleDateString('en-GB', { weekday: 'long' });
    const days = form.getByRole('group', { name: 'On days' }).getByRole('checkbox');
    const checked = [];
    for (const day of await days.all()) {
      if (await day.isChecked()) checked.push(await day.getAttribute('aria-label'));
    }
    if (JSON.stringify(checked) !== JSON.stringify([weekday]))
      throw new Error(`a weekly rule due on ${weekday} starts on ${JSON.stringify(checked)}`);

    // The server's preview: the due date and the four weeks after it, at the same wall-clock time.
    const preview = form.getByRole('list', { name: 'Next dates' });
    const expected = [0, 1, 2, 3, 4].map((weeks) => weeksLater(due, weeks));
    /** @type {number[]} */
    let shown = [];
    await waitUntil(
      async () => {
        if ((await preview.count()) === 0) return false;
        shown = (
          await preview
            .locator('time')
            .evaluateAll((times) => times.map((t) => t.getAttribute('datetime') ?? ''))
        ).map((at) => Date.parse(at));
        return JSON.stringify(shown) === JSON.stringify(expected);
      },
      () =>
        `expected the preview ${JSON.stringify(expected.map((t) => new Date(t).toISOString()))}, ` +
        `saw ${JSON.stringify(shown.map((t) => new Date(t).toISOString()))}`,
    );
    const firstShown = await preview.getByRole('listitem').first().innerText();
    if (firstShown !== (await shortDateTime(page, due)))
      throw new Error(`the preview's first date reads "${firstShown}"`);

    await addReminders(form, [{ before: 1, unit: 'hours' }]);
    await form
      .getByRole('list', { name: 'Reminders set' })
      .getByRole('button', { name: 'Remove reminder: 1 hour before due' })
      .waitFor();
    await screenshotOf(page, form, 'task-recurrence', 4);

    const task = await submitNewTask(page, WEEKLY_TITLE);
    const reminders = /** @type {{ before_due_minutes?: number }[]} */ (task.reminders);
    if (
      typeof task.recurrence !== 'string' ||
      !task.recurrence.startsWith('FREQ=WEEKLY') ||
      reminders.length !== 1 ||
      reminders[0]?.before_due_minutes !== 60
    ) {
      throw new Error(`the weekly task was saved as ${JSON.stringify(task)}`);
    }

    const item = taskItem(page, WEEKLY_TITLE);
    /** The task line shows `at` as its next date, and its bell 1 h before. @param {number} at */
    const expectNext = async (at) => {
      await item.getByRole('img', { name: 'Repeats', exact: true }).waitFor();
      await item.getByText(`next: ${await shortDateTime(page, at)}`).waitFor();
      const bellName = `Reminder set for ${await shortDateTime(page, at - 3_600_000)} (1 hour before due)`;
      await item.getByRole('img', { name: bellName, exact: true }).waitFor();
    };
    await expectNext(due);

    // Completing a repeating task moves it to its next date; it stays open.
    const checkbox = item.getByRole('checkbox');
    const patched = settledResponse(page, 'PATCH', /^\/api\/v1\/tasks\/\d+$/);
    await checkbox.check();
    const response = await patched;
    if (response.status() !== 200)
      throw new Error(`completing answered ${response.status()}: ${await response.text()}`);
    const moved = await response.json();
    if (moved.completed !== false || Date.parse(moved.due_date) !== weeksLater(due, 1))
      throw new Error(`completing the weekly task made it ${JSON.stringify(moved)}`);
    await expectNext(weeksLater(due, 1));
    await waitUntil(
      async () => !(await checkbox.isChecked()),
      () => 'the weekly task stayed ticked after moving on',
    );

    // Its edit view lists the completion, with the date that was done.
    await item.getByRole('button', { name: 'Edit' }).click();
    const editing = page.getByRole('form', { name: `Edit task ${WEEKLY_TITLE}` });
    const history = page.getByRole('region', { name: 'History' });
    await history
      .getByRole('listitem')
      .filter({ hasText: `(due ${await shortDateTime(page, due)})` })
      .waitFor();
    await editing.getByRole('button', { name: 'Cancel' }).click();
    await item.getByRole('button', { name: 'Edit' }).waitFor();
  });

  await story('a reminder set 2 s ahead shows up in the bell', async () => {
    const before = await bellState(page);
    if (before.name !== 'Notifications' || before.badge !== '') {
      throw new Error(
        `expected no unread notifications yet, the bell says ${JSON.stringify(before)}`,
      );
    }
    // Whole seconds, as the "Remind at" field takes them, and at least 2 s ahead.
    const remindAt = Math.ceil((Date.now() + REMINDER_LEAD_MS) / 1000) * 1000;
    await createTask(page, {
      title: REMINDER_TITLE,
      priority: 'medium',
      reminders: [{ at: localValue(remindAt, true) }],
    });
    // "sent" already, when a slow machine took the 2 s to show the new task.
    await taskItem(page, REMINDER_TITLE)
      .getByRole('img', { name: /^Reminder (set|sent) for/ })
      .waitFor();

    // The bell polls every 30 s; the app looks as soon as a known reminder falls due.
    await waitUntil(
      async () => {
        const now = await bellState(page);
        return now.name === 'Notifications, 1 unread' && now.badge === '1';
      },
      async () =>
        `${Date.now() - remindAt} ms after the reminder's time the bell says ` +
        JSON.stringify(await bellState(page)),
      remindAt + TIMEOUT_MS - Date.now(),
    );
    console.log(`  the bell showed the reminder ${Date.now() - remindAt} ms after its time`);
    // The task lists are fetched again too: the reminder reads as sent.
    await taskItem(page, REMINDER_TITLE)
      .getByRole('img', { name: /^Reminder sent/ })
      .waitFor();

    await bell(page).click();
    const panel = notificationPanel(page);
    const item = panel
      .getByRole('listitem')
      .filter({ has: page.getByText(`Reminder: ${REMINDER_TITLE}`, { exact: true }) });
    await item.waitFor();
    if (await panel.getByRole('alert').count())
      throw new Error(`notifications failed: ${await panel.innerText()}`);
    await screenshot(page, 'notifications');

    const read = settledResponse(page, 'POST', /^\/api\/v1\/notifications\/\d+\/read$/);
    await item.getByRole('button', { name: 'Mark read' }).click();
    const response = await read;
    if (response.status() !== 204)
      throw new Error(`marking read answered ${response.status()}: ${await response.text()}`);
    await waitUntil(
      async () => {
        const now = await bellState(page);
        return now.name === 'Notifications' && now.badge === '';
      },
      async () => `after marking it read the bell says ${JSON.stringify(await bellState(page))}`,
    );
    await item.getByText('· read').waitFor();
    if (await item.getByRole('button', { name: 'Mark read' }).count())
      throw new Error('the read reminder still offers "Mark read"');
    await page.keyboard.press('Escape');
    await panel.waitFor({ state: 'detached' });
  });

  await story('a reminder is snoozed for 10 minutes', async () => {
    const remindAt = Math.ceil((Date.now() + REMINDER_LEAD_MS) / 1000) * 1000;
    await createTask(page, {
      title: SNOOZE_TITLE,
      priority: 'low',
      reminders: [{ at: localValue(remindAt, true) }],
    });
    await waitUntil(
      async () => (await bellState(page)).name === 'Notifications, 1 unread',
      async () =>
        `${Date.now() - remindAt} ms after the reminder's time the bell says ` +
        JSON.stringify(await bellState(page)),
      remindAt + TIMEOUT_MS - Date.now(),
    );

    await bell(page).click();
    const panel = notificationPanel(page);
    const item = panel
      .getByRole('listitem')
      .filter({ has: page.getByText(`Reminder: ${SNOOZE_TITLE}`, { exact: true }) });
    await item.getByRole('button', { name: 'Snooze', exact: true }).click();
    const options = item.getByRole('group', { name: 'Snooze for' });
    for (const name of ['Snooze 10 min', 'Snooze 1 h', 'Snooze until tomorrow 09:00'])
      await options.getByRole('button', { name, exact: true }).waitFor();
    await screenshotTopRight(page, panel, 'notifications-snooze');

    const snoozed = settledResponse(page, 'POST', /^\/api\/v1\/notifications\/\d+\/snooze$/);
    const clicked = Date.now();
    await options.getByRole('button', { name: 'Snooze 10 min', exact: true }).click();
    const response = await snoozed;
    if (response.status() !== 204)
      throw new Error(`snoozing answered ${response.status()}: ${await response.text()}`);
    const sent = response.request().postDataJSON();
    if (sent?.minutes !== 10) throw new Error(`the snooze sent ${JSON.stringify(sent)}`);

    // The click and the answer may straddle a minute: either end's 10 minutes later will do.
    const until = [
      await shortDateTime(page, clicked + 600_000),
      await shortDateTime(page, Date.now() + 600_000),
    ];
    const status = item.getByRole('status');
    await status.waitFor();
    const said = await status.innerText();
    if (!until.some((at) => said === `Snoozed until ${at}.`))
      throw new Error(`after snoozing the reminder says "${said}", expected until ${until[0]}`);
    if (await options.count()) throw new Error('the snooze options stayed open');
    // A snooze marks the notification read.
    await waitUntil(
      async () => {
        const now = await bellState(page);
        return now.name === 'Notifications' && now.badge === '';
      },
      async () => `after snoozing the bell says ${JSON.stringify(await bellState(page))}`,
    );
    await item.getByText('· read').waitFor();
    await page.keyboard.press('Escape');
    await panel.waitFor({ state: 'detached' });
  });

  await story('look at the profile and a phone-sized screen', async () => {
    await page.getByRole('link', { name: 'Profile', exact: true }).click();
    await page.getByRole('heading', { name: 'Profile', level: 1 }).waitFor();
    const shown = await page.getByTestId('profile-email').innerText();
    if (shown !== email) throw new Error(`profile shows ${shown}, expected ${email}`);
    // Registration sent the browser's zone, so the account starts in it.
    const browserZone = await page.evaluate(() => Intl.DateTimeFormat().resolvedOptions().timeZone);
    const zone = await page.getByTestId('profile-time-zone').innerText();
    if (zone !== browserZone)
      throw new Error(`profile shows time zone ${zone}, expected the browser's ${browserZone}`);
    await screenshot(page, 'profile');

    await page.getByRole('link', { name: 'Tasks', exact: true }).click();
    await page.setViewportSize({ width: 390, height: 844 });
    await expectTitles(page, [
      SNOOZE_TITLE,
      REMINDER_TITLE,
      WEEKLY_TITLE,
      'Call the bank',
      'Write final report',
      'Buy milk',
    ]);
    await screenshot(page, 'tasks-phone');
    await page.setViewportSize({ width: 1280, height: 900 });
  });

  await story('rename a project, change its colour, and delete it', async () => {
    const sidebar = page.getByRole('navigation', { name: 'Projects' });
    const projects = sidebar.getByRole('list', { name: 'Your projects' });
    /** The colour of the dot before a project's name in the sidebar, as CSS computes it. */
    const dotColour = (/** @type {string} */ name) =>
      projects
        .getByRole('link', { name, exact: true })
        .locator('.colour-dot')
        .evaluate((el) => el.ownerDocument.defaultView?.getComputedStyle(el).backgroundColor ?? '');

    await sidebar.getByRole('button', { name: 'New project' }).click();
    const created = sidebar.getByRole('form', { name: 'New project' });
    await created.getByLabel('Project name').fill('Errands');
    await created.getByLabel('Colour', { exact: true }).fill('#c0392b');
    await created.getByRole('button', { name: 'Create project' }).click();
    await page.getByRole('heading', { name: 'Errands', level: 1 }).waitFor();
    await expectPath(page, /^\/tasks\/projects\/\d+$/);

    await page.getByRole('button', { name: 'Edit project' }).click();
    const form = page.getByRole('form', { name: 'Edit project Errands' });
    await form.getByLabel('Project name').fill('Weekend errands');
    await form.getByLabel('Colour', { exact: true }).fill('#8e44ad');
    await screenshot(page, 'project-edit');
    const saved = settledResponse(page, 'PATCH', /^\/api\/v1\/projects\/\d+$/);
    await form.getByRole('button', { name: 'Save project' }).click();
    const response = await saved;
    if (response.status() !== 200)
      throw new Error(`saving the project answered ${response.status()}: ${await response.text()}`);
    // The header and the sidebar show the new name and colour at once, without a reload.
    await page.getByRole('heading', { name: 'Weekend errands', level: 1 }).waitFor();
    await projects.getByRole('link', { name: 'Weekend errands', exact: true }).waitFor();
    if (await projects.getByRole('link', { name: 'Errands', exact: true }).count())
      throw new Error('the sidebar still lists the old name');
    let colour = '';
    await waitUntil(
      async () => (colour = await dotColour('Weekend errands')) === 'rgb(142, 68, 173)',
      () => `the sidebar's dot is ${colour}, not the new colour #8e44ad`,
    );

    // Deleting asks first; confirmed, the project leaves the sidebar and the page goes back to
    // every project's tasks.
    await page.getByRole('button', { name: 'Delete project' }).click();
    const confirm = page.getByRole('group', { name: 'Confirm deleting Weekend errands' });
    await confirm.getByText('Delete “Weekend errands” and all its tasks?').waitFor();
    const deleted = settledResponse(page, 'DELETE', /^\/api\/v1\/projects\/\d+$/);
    await confirm.getByRole('button', { name: 'Yes, delete project' }).click();
    const gone = await deleted;
    if (gone.status() !== 204) throw new Error(`deleting the project answered ${gone.status()}`);
    await expectPath(page, /^\/tasks$/);
    await page.getByRole('heading', { name: 'Tasks', level: 1 }).waitFor();
    await projects.getByRole('link', { name: 'Weekend errands' }).waitFor({ state: 'detached' });
  });

  await story('two people share a project and see each other’s changes live', async () => {
    const browser = await chromium.launch({
      executablePath: CHROMIUM,
      headless: true,
      args: CHROMIUM_ARGS,
    });
    try {
      const [a, b] = ['a', 'b'].map((who) => `story-${stamp}-${who}@example.com`);
      for (const address of [a, b]) {
        const registered = await fetch(`${baseUrl}/api/v1/auth/register`, {
          method: 'POST',
          headers: { 'Content-Type': 'application/json' },
          body: JSON.stringify({ email: address, password }),
        });
        if (registered.status !== 201)
          throw new Error(`registering ${address} answered ${registered.status}`);
      }
      /** A browser context of its own (its own cookies), logged in as `address`. */
      const logIn = async (/** @type {string} */ address) => {
        const context = await browser.newContext({ viewport: { width: 1280, height: 900 } });
        context.setDefaultTimeout(TIMEOUT_MS);
        const tab = await context.newPage();
        tab.on('pageerror', (error) => problems.push(`page error (${address}): ${error.message}`));
        await tab.goto(`${baseUrl}/login`);
        await tab.getByLabel('Email').fill(address);
        await tab.getByLabel('Password', { exact: true }).fill(password);
        await tab.getByRole('button', { name: 'Log in' }).click();
        await tab.getByRole('heading', { name: 'Today', level: 1 }).waitFor();
        return tab;
      };
      const pageA = await logIn(a);
      const pageB = await logIn(b);
      const sidebar = (/** @type {Page} */ tab) =>
        tab.getByRole('navigation', { name: 'Projects' });
      /** Waits up to `ms` for `check`, and says how long it took. */
      const within = async (
        /** @type {string} */ what,
        /** @type {number} */ from,
        /** @type {() => Promise<boolean>} */ check,
        ms = 2_000,
      ) => {
        await waitUntil(check, () => `${what}: not within ${ms} ms`, from + ms - Date.now());
        console.log(`  ${what} after ${Date.now() - from} ms`);
      };

      // A creates a project and shares it with B as an editor.
      await sidebar(pageA).getByRole('button', { name: 'New project' }).click();
      const projectForm = pageA.getByRole('form', { name: 'New project' });
      await projectForm.getByLabel('Project name').fill('Household');
      await projectForm.getByLabel('Colour', { exact: true }).fill('#2e8b57');
      await projectForm.getByRole('button', { name: 'Create project' }).click();
      await pageA.getByRole('heading', { name: 'Household', level: 1 }).waitFor();
      await expectPath(pageA, /^\/tasks\/projects\/\d+$/);

      await pageA.getByRole('button', { name: 'Share' }).click();
      const dialog = pageA.getByRole('dialog', { name: /Household/ });
      await dialog.getByLabel('Email', { exact: true }).fill(b);
      await dialog.getByLabel('Role', { exact: true }).selectOption('editor');
      await dialog.getByRole('button', { name: 'Invite' }).click();
      await dialog.getByText(`Added ${b} as editor.`).waitFor();
      await dialog.getByLabel(`Role of ${b}`).waitFor();
      // The screen as A sees it (the dialog is fixed to the viewport), not the whole page.
      await pageA.screenshot({ path: join(screenshotDir, 'projects-share.png') });
      // Tab and Shift+Tab stay inside the dialog; Escape closes it and focus is on Share again.
      const inDialog = () =>
        dialog.evaluate(
          (el) =>
            el.contains(el.ownerDocument.activeElement) && el !== el.ownerDocument.activeElement,
        );
      const keys = ['Tab', 'Tab', 'Tab', 'Tab', 'Tab', 'Tab', 'Tab', 'Tab', 'Shift+Tab'];
      for (const [n, key] of keys.entries()) {
        await pageA.keyboard.press(key);
        if (!(await inDialog())) {
          const at = await dialog.evaluate((el) =>
            el.ownerDocument.activeElement?.outerHTML.slice(0, 80),
          );
          throw new Error(`after key ${n + 1} (${key}) focus is outside the Share dialog: ${at}`);
        }
      }
      await pageA.keyboard.press('Escape');
      await dialog.waitFor({ state: 'detached' });
      const shareFocused = await pageA
        .getByRole('button', { name: 'Share' })
        .evaluate((el) => el === el.ownerDocument.activeElement);
      if (!shareFocused)
        throw new Error('closing the Share dialog did not give focus back to Share');

      // B's sidebar shows the project without a reload; B opens it.
      const shared = sidebar(pageB).getByRole('link', { name: /Household/ });
      await shared.waitFor();
      await shared.click();
      await pageB.getByRole('heading', { name: 'Household', level: 1 }).waitFor();
      await expectTitles(pageB, []);

      // A adds a task there, labelled and assigned to B: B's screen shows it within 2 s.
      const title = 'Clean the gutters';
      const form = await openNewTaskForm(pageA);
      await form.getByLabel('Title').fill(title);
      await form.getByLabel('Add a label').fill('outdoors');
      await form.getByLabel('Add a label').press('Enter');
      await form.getByRole('button', { name: 'Remove label outdoors' }).waitFor();
      await form.getByLabel('Assignee').selectOption({ label: b });
      const created = settledResponse(pageA, 'POST', /^\/api\/v1\/tasks$/);
      await form.getByRole('button', { name: 'Add task' }).click();
      const createdResponse = await created;
      if (createdResponse.status() !== 201)
        throw new Error(`A's task answered ${createdResponse.status()}`);
      const createdAt = Date.now();
      const lineB = taskItem(pageB, title);
      await within(
        "A's new task on B's screen",
        createdAt,
        async () => (await lineB.count()) === 1,
      );
      await lineB.getByText('Assigned to me').waitFor();
      await lineB.getByText('outdoors').waitFor();

      // B completes it: A's screen shows it completed.
      const completed = settledResponse(pageB, 'PATCH', /^\/api\/v1\/tasks\/\d+$/);
      await lineB.getByRole('checkbox').check();
      const completedResponse = await completed;
      if (completedResponse.status() !== 200)
        throw new Error(`B completing answered ${completedResponse.status()}`);
      const completedAt = Date.now();
      // It folds under the open tasks (none here) on both screens; each unfolds them.
      const foldA = pageA.getByRole('button', { name: 'Completed (1)' });
      await within(
        "B's completion on A's screen",
        completedAt,
        async () => (await foldA.count()) === 1,
      );
      await foldA.click();
      await pageB.getByRole('button', { name: 'Completed (1)' }).click();
      const checkboxA = taskItem(pageA, title).getByRole('checkbox');
      await waitUntil(
        () => checkboxA.isChecked(),
        () => "A's line of the task is not ticked",
      );

      // A demotes B to viewer: B's controls go, and so does B's new-task form.
      await pageA.getByRole('button', { name: 'Share' }).click();
      const demoted = settledResponse(pageA, 'PATCH', /^\/api\/v1\/projects\/\d+\/members\/\d+$/);
      await dialog.getByLabel(`Role of ${b}`).selectOption('viewer');
      const demotedResponse = await demoted;
      if (demotedResponse.status() !== 200)
        throw new Error(`demoting B answered ${demotedResponse.status()}`);
      const demotedAt = Date.now();
      await within("B's controls gone", demotedAt, async () => {
        const controls =
          (await lineB.getByRole('checkbox').count()) +
          (await lineB.getByRole('button').count()) +
          (await newTaskForm(pageB).count()) +
          (await pageB.getByRole('combobox', { name: 'Quick add' }).count());
        return controls === 0 && (await lineB.count()) === 1;
      });
      await pageB.getByText(/you can read this project’s tasks/).waitFor();

      // B leaves: the project goes from B's sidebar, and B is back on every project's tasks.
      await pageB.getByRole('button', { name: 'Members' }).click();
      const members = pageB.getByRole('dialog', { name: /Household/ });
      await members.getByRole('button', { name: 'Leave project' }).click();
      const left = settledResponse(pageB, 'DELETE', /^\/api\/v1\/projects\/\d+\/members\/\d+$/);
      await members.getByRole('button', { name: 'Yes, leave' }).click();
      const leftResponse = await left;
      if (leftResponse.status() !== 204)
        throw new Error(`B leaving answered ${leftResponse.status()}`);
      await expectPath(pageB, /^\/tasks$/);
      await sidebar(pageB)
        .getByRole('link', { name: /Household/ })
        .waitFor({ state: 'detached' });
      // B had no tasks of their own: the project's task went with it.
      await expectTitles(pageB, []);
    } finally {
      await browser.close();
    }
  });

  await viewSteps({
    baseUrl,
    password,
    stamp,
    timeoutMs: TIMEOUT_MS,
    newBrowser: () =>
      chromium.launch({ executablePath: CHROMIUM, headless: true, args: CHROMIUM_ARGS }),
    problems,
    story,
    expectTitles,
    expectPath,
    waitUntil,
    screenshot,
  });

  await sessionSteps({
    page,
    context,
    baseUrl,
    email,
    password,
    story,
    waitUntil,
    expectPath,
    screenshot,
    createTask,
    localValue,
    bell,
    bellState,
    notificationPanel,
    reminderLeadMs: REMINDER_LEAD_MS,
    timeoutMs: TIMEOUT_MS,
  });

  await quickAddSteps({
    page,
    baseUrl,
    story,
    screenshot,
    screenshotOf,
    waitUntil,
    settledResponse,
    taskItem,
    shortDateTime,
    tomorrowAtNine,
  });

  await undoKeysSteps({
    page,
    baseUrl,
    story,
    screenshot,
    waitUntil,
    settledResponse,
    taskItem,
    newTaskForm,
    openNewTaskForm,
  });

  await themeSteps({
    page,
    context,
    baseUrl,
    chromiumPath: CHROMIUM,
    chromiumArgs: CHROMIUM_ARGS,
    story,
    waitUntil,
    screenshotPath: (name) => join(screenshotDir, `${name}.png`),
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

  if (smtpSink) {
    await story('forgot password: a link by email, a new password, log in with it', async () => {
      await page.goto(`${baseUrl}/login`);
      await page.getByRole('link', { name: 'Forgot password?' }).click();
      await expectPath(page, /^\/forgot-password$/);
      const before = smtpSink.messages.length;
      await page.getByLabel('Email').fill(email);
      await page.getByRole('button', { name: 'Send the link' }).click();
      await page.getByText('If an account exists for').waitFor();
      await screenshot(page, 'forgot-password');
      let link = '';
      await waitUntil(
        async () => {
          const found = smtpSink.messages
            .slice(before)
            .map(decodedBody)
            .map((body) => /\S*\/reset-password#token=[\w-]+/.exec(body)?.[0])
            .find(Boolean);
          link = found ?? '';
          return Boolean(found);
        },
        () => `no reset email arrived (${smtpSink.messages.length - before} new messages)`,
      );
      const sent = new URL(link);
      await page.goto(`${baseUrl}${sent.pathname}${sent.hash}`);
      await page.getByRole('heading', { name: 'Choose a new password' }).waitFor();
      await waitUntil(
        () => Promise.resolve(new URL(page.url()).hash === ''),
        () => `the reset token is still in the address bar: ${page.url()}`,
      );
      await page.getByLabel('New password', { exact: true }).fill(newPassword);
      await page.getByLabel('Repeat the new password').fill(`${newPassword}!`);
      await page.getByRole('button', { name: 'Set the new password' }).click();
      await page.getByText('The two passwords differ.').waitFor();
      await page.getByLabel('Repeat the new password').fill(newPassword);
      await screenshot(page, 'reset-password');
      await page.getByRole('button', { name: 'Set the new password' }).click();
      await expectPath(page, /^\/login/);
      await page.getByText('Log in with your new password.').waitFor();
      await page.getByLabel('Email').fill(email);
      await page.getByLabel('Password', { exact: true }).fill(newPassword);
      await page.getByRole('button', { name: 'Log in' }).click();
      await expectPath(page, /^\/today/);
      await page.getByRole('heading', { name: 'Today', level: 1 }).waitFor();
    });
  } else {
    console.log('• (no SMTP_SINK_PORT: the password reset is not part of this run)');
  }

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
  smtpSink?.close();
  await context.close().catch(() => {});
  rmSync(userDataDir, { recursive: true, force: true });
}
process.exit(failed ? 1 : 0);
