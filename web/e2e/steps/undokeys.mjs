// The undo-keys steps: complete and delete each undone from their toast (and still undone after a
// reload), then the keyboard-only path: q (or the New task form's title) → a title → Enter
// creates; j/k to it; x completes and z undoes; e edits, Enter saves; # deletes; ? opens the
// shortcut sheet and Escape closes it. Where focus is gets checked after every action.

/** @typedef {import('playwright-core').Page} Page */

const TASK_PATH = /^\/api\/v1\/tasks\/\d+$/;

/**
 * What holds focus: the task item it is in (by id and title), and the element itself.
 * @param {Page} page
 */
function focusOf(page) {
  return page.locator('body').evaluate((body) => {
    const active = body.ownerDocument.activeElement;
    const item = active?.closest('[data-task-id]');
    return {
      taskId: item?.getAttribute('data-task-id') ?? null,
      title: item?.querySelector('[data-testid="task-title"]')?.textContent ?? null,
      onItem: active !== null && active === item,
      tag: active?.tagName ?? null,
      id: active?.id ?? '',
      label: active?.getAttribute('aria-label') ?? active?.textContent?.slice(0, 60) ?? '',
    };
  });
}

/**
 * @param {{
 *   page: Page,
 *   baseUrl: string,
 *   story: (name: string, run: () => Promise<void>) => Promise<void>,
 *   screenshot: (page: Page, name: string) => Promise<void>,
 *   waitUntil: (check: () => Promise<boolean>, describe: () => string | Promise<string>, timeoutMs?: number) => Promise<void>,
 *   settledResponse: (page: Page, method: string, path: RegExp) => Promise<import('playwright-core').Response>,
 *   taskItem: (page: Page, title: string) => import('playwright-core').Locator,
 *   newTaskForm: (page: Page) => import('playwright-core').Locator,
 *   openNewTaskForm: (page: Page) => Promise<import('playwright-core').Locator>,
 * }} helpers
 */
export async function undoKeysSteps({
  page,
  baseUrl,
  story,
  screenshot,
  waitUntil,
  settledResponse,
  taskItem,
  newTaskForm,
  openNewTaskForm,
}) {
  const toasts = page.getByRole('region', { name: 'Messages' });

  const expectStatus = async (
    /** @type {import('playwright-core').Response} */ response,
    /** @type {number} */ status,
    /** @type {string} */ what,
  ) => {
    if (response.status() !== status)
      throw new Error(`${what} answered ${response.status()}: ${await response.text()}`);
  };

  /** Waits until focus is where `expected` says, naming what held it instead. */
  const expectFocus = async (
    /** @type {string} */ what,
    /** @type {(f: Awaited<ReturnType<typeof focusOf>>) => boolean} */ expected,
  ) => {
    let seen = await focusOf(page);
    await waitUntil(
      async () => expected((seen = await focusOf(page))),
      () => `focus should be on ${what}, is on ${JSON.stringify(seen)}`,
    );
  };

  /** Every task, open and completed, of every project: the list the keys walk. */
  const showAllTasks = async () => {
    await page.goto(`${baseUrl}/tasks`);
    // Loaded: the list, and the projects (the New task form starts afresh once it knows the
    // inbox, dropping what was typed before).
    await page
      .getByRole('list', { name: 'Tasks' })
      .or(page.getByText(/No tasks/))
      .first()
      .waitFor();
    await page.getByRole('link', { name: /Inbox/ }).first().waitFor();
    const all = page.getByRole('radio', { name: 'All' });
    if ((await all.count()) > 0) await all.check();
  };

  /** Creates a task through the New task form (the mouse path), for the undo steps. */
  const addTask = async (/** @type {string} */ title) => {
    const form = await openNewTaskForm(page);
    const created = settledResponse(page, 'POST', /^\/api\/v1\/tasks$/);
    await form.getByLabel('Title').fill(title);
    await form.getByRole('button', { name: 'Add task' }).click();
    await expectStatus(await created, 201, `creating "${title}"`);
    await taskItem(page, title).waitFor();
  };

  await story('complete a task, undo it from the toast: still open after a reload', async () => {
    await showAllTasks();
    await addTask('Undo me: complete');
    const checkbox = taskItem(page, 'Undo me: complete').getByRole('checkbox');
    const completed = settledResponse(page, 'PATCH', TASK_PATH);
    await checkbox.check();
    await expectStatus(await completed, 200, 'completing');
    const toast = toasts.getByRole('listitem').filter({ hasText: 'Task completed' });
    await toast.waitFor();
    // Polite: read out once the user is idle, not interrupting.
    if ((await toasts.getByRole('list').getAttribute('aria-live')) !== 'polite')
      throw new Error('the toasts are not in a polite live region');
    await screenshot(page, 'undo-toast');

    const reopened = settledResponse(page, 'PATCH', TASK_PATH);
    await toast.getByRole('button', { name: 'Undo' }).click();
    await expectStatus(await reopened, 200, 'undoing the completion');
    await waitUntil(
      async () => !(await checkbox.isChecked()),
      () => 'the task is still shown completed after Undo',
    );

    await page.reload();
    await taskItem(page, 'Undo me: complete').waitFor();
    // The page may first show what this device kept from before (the offline copy is written at
    // most once a second), then what the server says: the server's word must be "open".
    await waitUntil(
      async () => !(await taskItem(page, 'Undo me: complete').getByRole('checkbox').isChecked()),
      () => 'after a reload, the undone completion is back',
    );
  });

  await story('delete a task, undo it from the toast: back after a reload', async () => {
    await addTask('Undo me: delete');
    const deleted = settledResponse(page, 'DELETE', TASK_PATH);
    await taskItem(page, 'Undo me: delete')
      .getByRole('button', { name: /^Delete/ })
      .click();
    await expectStatus(await deleted, 204, 'deleting');
    await taskItem(page, 'Undo me: delete').waitFor({ state: 'detached' });

    const toast = toasts.getByRole('listitem').filter({ hasText: 'Task deleted' });
    const restored = settledResponse(page, 'POST', /^\/api\/v1\/tasks$/);
    await toast.getByRole('button', { name: 'Undo' }).click();
    await expectStatus(await restored, 201, 'restoring the deleted task');
    await taskItem(page, 'Undo me: delete').waitFor();

    await page.reload();
    await taskItem(page, 'Undo me: delete').waitFor();
  });

  await story(
    'keyboard only: add, walk, complete and undo, edit, delete, the shortcut sheet',
    async () => {
      await showAllTasks();
      const title = 'Typed, never clicked';
      // q focuses the quick add where there is one; else the New task form's title takes the text.
      await page.locator('main h1').first().waitFor();
      await page.keyboard.press('q');
      const quickAdd = (await page.locator('#quick-add').count()) > 0;
      if (quickAdd) {
        await expectFocus('the quick add', (f) => f.id === 'quick-add');
      } else {
        await newTaskForm(page).getByLabel('Title').focus();
      }
      await page.keyboard.type(title);
      const created = settledResponse(page, 'POST', /^\/api\/v1\/tasks$/);
      await page.keyboard.press('Enter');
      await expectStatus(await created, 201, 'creating from the keyboard');
      const item = taskItem(page, title);
      await item.waitFor();
      const id = await item.getAttribute('data-task-id');

      // Leave the field (Escape), then walk the list with j until the new task has focus.
      if (quickAdd) {
        await page.keyboard.press('Escape');
        if ((await focusOf(page)).id === 'quick-add') await page.keyboard.press('Escape');
      } else {
        await page.locator(':focus').blur();
      }
      const count = await page.locator('[data-task-id]').count();
      /** Presses j (then k) until the task has focus, each press landing on a task. */
      const walkTo = async (/** @type {string | null} */ target) => {
        for (const key of ['j', 'k']) {
          for (let i = 0; i < count && (await focusOf(page)).taskId !== target; i++) {
            await page.keyboard.press(key);
            const f = await focusOf(page);
            if (!f.onItem) throw new Error(`${key} put focus on ${JSON.stringify(f)}, not a task`);
          }
        }
        await expectFocus(`task ${target}`, (f) => f.taskId === target && f.onItem);
      };
      await walkTo(id);
      // j and k step to its neighbour in the list and back.
      const ids = await page
        .locator('[data-task-id]')
        .evaluateAll((items) => items.map((item) => item.getAttribute('data-task-id')));
      const at = ids.indexOf(id);
      const [away, back] = at < ids.length - 1 ? ['j', 'k'] : ['k', 'j'];
      if (ids.length > 1) {
        const neighbour = ids[away === 'j' ? at + 1 : at - 1];
        await page.keyboard.press(away);
        await expectFocus(`the task ${away} goes to`, (f) => f.taskId === neighbour && f.onItem);
        await page.keyboard.press(back);
        await expectFocus(`"${title}" again`, (f) => f.taskId === id && f.onItem);
      }

      const completed = settledResponse(page, 'PATCH', TASK_PATH);
      await page.keyboard.press('x');
      await expectStatus(await completed, 200, 'completing with x');
      await waitUntil(
        () => item.getByRole('checkbox').isChecked(),
        () => 'x did not complete the task',
      );
      // The same task, unless this list shows open tasks only and it left: then the next one.
      await expectFocus(`"${title}" after x`, (f) => f.onItem);
      await toasts.getByText('Task completed').last().waitFor();
      const reopened = settledResponse(page, 'PATCH', TASK_PATH);
      await page.keyboard.press('z');
      await expectStatus(await reopened, 200, 'undoing with z');
      await waitUntil(
        async () => !(await item.getByRole('checkbox').isChecked()),
        () => 'z did not reopen the task',
      );
      await expectFocus(`a task after z`, (f) => f.onItem);
      await walkTo(id);

      await page.keyboard.press('e');
      await expectFocus('the edit form’s title', (f) => f.taskId === id && f.tag === 'INPUT');
      const renamed = `${title}, edited`;
      await page.keyboard.press('ControlOrMeta+a');
      await page.keyboard.type(renamed);
      const saved = settledResponse(page, 'PATCH', TASK_PATH);
      await page.keyboard.press('Enter');
      await expectStatus(await saved, 200, 'saving the edit');
      await taskItem(page, renamed).waitFor();
      await expectFocus(`"${renamed}" after saving`, (f) => f.taskId === id && f.onItem);

      const deleted = settledResponse(page, 'DELETE', TASK_PATH);
      await page.keyboard.press('#');
      await expectStatus(await deleted, 204, 'deleting with #');
      await taskItem(page, renamed).waitFor({ state: 'detached' });
      await expectFocus(
        'the next task, or the list heading',
        (f) => (f.onItem && f.taskId !== id) || /^H[12]$/.test(f.tag ?? ''),
      );
      const before = await focusOf(page);

      await page.keyboard.press('?');
      const sheet = page.getByRole('dialog', { name: 'Keyboard shortcuts' });
      await sheet.waitFor();
      const listed = await sheet.locator('kbd').allInnerTexts();
      for (const key of ['q', '/', 'j', 'k', 'x', 'Space', 'e', '#', 'z', '?', 'Escape'])
        if (!listed.includes(key)) throw new Error(`the sheet does not list ${key}: ${listed}`);
      await screenshot(page, 'shortcut-sheet');
      await page.keyboard.press('Escape');
      await sheet.waitFor({ state: 'detached' });
      await expectFocus(
        'where it was before the sheet',
        (f) => f.taskId === before.taskId && f.tag === before.tag,
      );
    },
  );
}
