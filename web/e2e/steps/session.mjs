// The session helper's steps (issue 15): a session ended elsewhere keeps the draft and comes back to
// the same view after login; a reminder raises a desktop notification whose click opens the task;
// "Mark all read" empties the unread count. Called from ../story.mjs before "log out".

/** @typedef {import('playwright-core').Page} Page */
/** @typedef {import('playwright-core').BrowserContext} BrowserContext */

const DRAFT = 'Pick up the parcel before six';
const DESKTOP_TITLE = 'Call the dentist';
/** How long the page may take to notice its session was revoked (the stream ends within 5 s). */
const NOTICE_REVOKED_MS = 30_000;

/**
 * Records every Notification the page constructs (window.__notifications), still showing the real
 * one where the browser can; the story cannot click a system notification, so it calls the
 * recorded one's onclick as the system would.
 */
function recordNotifications() {
  /**
   * The page's Notification, typed just as far as used here (this file is checked without the DOM's types).
   * @typedef {{ onclick: unknown, close: () => void }} Shown
   * @typedef {{ body?: string, tag?: string }} Options
   * @typedef {{ new (title: string, options?: Options): Shown, permission: string, requestPermission: () => Promise<string> }} NotificationClass
   */
  const Real = /** @type {{ Notification: NotificationClass }} */ (
    /** @type {unknown} */ (globalThis)
  ).Notification;
  /** @type {{ title: string, tag: string | undefined, shown: { onclick: unknown } }[]} */
  const made = [];
  /** @param {string} title @param {Options} [options] */
  function Recorded(title, options) {
    /** @type {Shown} */
    let shown;
    try {
      shown = new Real(title, options);
    } catch {
      shown = { onclick: null, close: () => {} };
    }
    made.push({ title, tag: options?.tag, shown });
    return shown;
  }
  Object.defineProperty(Recorded, 'permission', { get: () => Real.permission });
  Recorded.requestPermission = Real.requestPermission.bind(Real);
  Object.assign(globalThis, { Notification: Recorded, __notifications: made });
}

/**
 * @param {{
 *   page: Page, context: BrowserContext, baseUrl: string, email: string, password: string,
 *   story: (name: string, run: () => Promise<void>) => Promise<void>,
 *   waitUntil: (check: () => Promise<boolean>, describe: () => string | Promise<string>, timeoutMs?: number) => Promise<void>,
 *   expectPath: (page: Page, path: RegExp) => Promise<void>,
 *   screenshot: (page: Page, name: string) => Promise<void>,
 *   createTask: (page: Page, task: { title: string, priority: string, reminders?: { at: string }[] }) => Promise<Record<string, unknown>>,
 *   localValue: (ms: number, seconds?: boolean) => string,
 *   bell: (page: Page) => import('playwright-core').Locator,
 *   bellState: (page: Page) => Promise<{ name: string, badge: string }>,
 *   notificationPanel: (page: Page) => import('playwright-core').Locator,
 *   reminderLeadMs: number,
 *   timeoutMs: number,
 * }} s
 */
export async function sessionSteps(s) {
  const { page, context, baseUrl, email, password, story, waitUntil, expectPath } = s;

  /** Where a draft goes: the quick-add line where there is one, else the new-task form's title. */
  const draftInput = async () => {
    const quickAdd = page.locator('#quick-add');
    if (await quickAdd.count()) return quickAdd;
    return page.getByRole('form', { name: 'New task' }).getByLabel('Title');
  };

  await story('signed out elsewhere: the draft is kept, and login brings you back', async () => {
    await page.goto(`${baseUrl}/tasks?sort=due_date`);
    const input = await draftInput();
    await input.fill(DRAFT);
    // The view as the app shows it (path and search), to come back to.
    const view = `${new URL(page.url()).pathname}${new URL(page.url()).search}`;

    // "Log out everywhere" from another device: that device's own login, then logout-all.
    const login = await fetch(`${baseUrl}/api/v1/auth/login`, {
      method: 'POST',
      headers: { 'Content-Type': 'application/json' },
      body: JSON.stringify({ email, password }),
    });
    if (login.status !== 200) throw new Error(`a second login answered ${login.status}`);
    const { access_token: token } = /** @type {{ access_token: string }} */ (await login.json());
    const all = await fetch(`${baseUrl}/api/v1/auth/logout-all`, {
      method: 'POST',
      headers: { Authorization: `Bearer ${token}` },
    });
    if (all.status !== 204) throw new Error(`logout-all answered ${all.status}`);

    // The page finds out at its next refresh (its stream ends, or its token expires).
    await waitUntil(
      async () => new URL(page.url()).pathname === '/login',
      () => `${NOTICE_REVOKED_MS} ms after logout-all the page is still at ${page.url()}`,
      NOTICE_REVOKED_MS,
    );
    await page.getByText('You were signed out — sign in to continue.').waitFor();
    const redirect = new URL(page.url()).searchParams.get('redirectTo');
    if (redirect !== view)
      throw new Error(`the login page would go back to ${redirect}, not ${view}`);
    await s.screenshot(page, 'signed-out');

    await page.getByLabel('Email').fill(email);
    await page.getByLabel('Password', { exact: true }).fill(password);
    await page.getByRole('button', { name: 'Log in' }).click();
    await waitUntil(
      async () => `${new URL(page.url()).pathname}${new URL(page.url()).search}` === view,
      () => `after login the page is at ${page.url()}, not back at ${view}`,
    );
    const back = await draftInput();
    await waitUntil(
      async () => (await back.inputValue()) === DRAFT,
      async () => `after login the draft reads ${JSON.stringify(await back.inputValue())}`,
    );
    // Done with it: the steps after this one start from an empty form.
    await back.fill('');
  });

  await story('a reminder raises a desktop notification, whose click opens the task', async () => {
    await context.grantPermissions(['notifications'], { origin: baseUrl });
    await context.addInitScript(recordNotifications);
    await page.goto(`${baseUrl}/tasks`);

    await s.bell(page).click();
    const panel = s.notificationPanel(page);
    await panel.getByRole('button', { name: 'Turn on desktop notifications' }).click();
    await panel.getByText('Desktop notifications: on.').waitFor();
    await page.keyboard.press('Escape');

    const remindAt = Math.ceil((Date.now() + s.reminderLeadMs) / 1000) * 1000;
    const task = await s.createTask(page, {
      title: DESKTOP_TITLE,
      priority: 'medium',
      reminders: [{ at: s.localValue(remindAt, true) }],
    });
    /** @returns {Promise<{ title: string, tag: string | undefined }[]>} */
    const recorded = () =>
      page.evaluate(
        () =>
          /** @type {{ __notifications?: { title: string, tag?: string }[] }} */ (
            /** @type {unknown} */ (globalThis)
          ).__notifications?.map(({ title, tag }) => ({ title, tag })) ?? [],
      );
    await waitUntil(
      async () => (await recorded()).some((n) => n.title.includes(DESKTOP_TITLE)),
      async () =>
        `${Date.now() - remindAt} ms after the reminder's time the page made these notifications: ` +
        JSON.stringify(await recorded()),
      remindAt + s.timeoutMs - Date.now(),
    );
    const made = (await recorded()).filter((n) => n.title.includes(DESKTOP_TITLE));
    if (made.length !== 1)
      throw new Error(`expected one notification, saw ${JSON.stringify(made)}`);

    await page.evaluate((title) => {
      const list =
        /** @type {{ __notifications: { title: string, shown: { onclick?: (() => void) | null } }[] }} */ (
          /** @type {unknown} */ (globalThis)
        ).__notifications;
      list.find((n) => n.title.includes(title))?.shown.onclick?.();
    }, DESKTOP_TITLE);
    await expectPath(page, new RegExp(`^/tasks/projects/${String(task.project_id)}`));
    const editor = page.getByRole('form', { name: `Edit task ${DESKTOP_TITLE}` });
    await editor.waitFor();
    await editor.getByRole('button', { name: 'Cancel' }).click();
  });

  await story('"Mark all read" empties the unread count', async () => {
    await waitUntil(
      async () => (await s.bellState(page)).badge !== '',
      async () => `the bell shows no unread reminder: ${JSON.stringify(await s.bellState(page))}`,
    );
    await s.bell(page).click();
    const panel = s.notificationPanel(page);
    await panel.getByRole('button', { name: 'Mark all read' }).click();
    await waitUntil(
      async () => {
        const now = await s.bellState(page);
        return now.name === 'Notifications' && now.badge === '';
      },
      async () => `after "Mark all read" the bell says ${JSON.stringify(await s.bellState(page))}`,
    );
    await waitUntil(
      async () => (await panel.getByRole('button', { name: 'Mark read' }).count()) === 0,
      () => 'a notification still offers "Mark read" after "Mark all read"',
    );
    await page.keyboard.press('Escape');
  });
}
