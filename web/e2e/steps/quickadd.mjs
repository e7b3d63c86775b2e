// The quick-add line: it shows what it read before Enter, creates the task it read, and
// completes project names after @ (web/src/features/quick-add).

/** @typedef {import('playwright-core').Page} Page */
/** @typedef {import('playwright-core').Locator} Locator */

/**
 * @param {{
 *   page: Page,
 *   baseUrl: string,
 *   story: (name: string, run: () => Promise<void>) => Promise<void>,
 *   screenshot: (page: Page, name: string) => Promise<void>,
 *   screenshotOf: (page: Page, locator: Locator, name: string) => Promise<void>,
 *   waitUntil: (check: () => Promise<boolean>, describe: () => string | Promise<string>) => Promise<void>,
 *   settledResponse: (page: Page, method: string, path: RegExp) => Promise<import('playwright-core').Response>,
 *   taskItem: (page: Page, title: string) => Locator,
 *   shortDateTime: (page: Page, ms: number) => Promise<string>,
 *   tomorrowAtNine: () => number,
 * }} helpers
 */
export async function quickAddSteps({
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
}) {
  const line = page.getByRole('combobox', { name: 'Quick add' });
  /** The preview under the line, which the input names as its description. */
  const preview = page.locator('.quick-add-preview');
  const lineHasFocus = () => line.evaluate((el) => el === el.ownerDocument.activeElement);

  /** Presses Enter in the line and returns the created task, as the server answered. */
  async function enter() {
    const created = settledResponse(page, 'POST', /^\/api\/v1\/tasks$/);
    await line.press('Enter');
    const response = await created;
    if (response.status() !== 201)
      throw new Error(`the quick add answered ${response.status()}: ${await response.text()}`);
    return /** @type {Record<string, unknown>} */ (await response.json());
  }

  await story(
    'quick add reads “Pay rent tomorrow 9am !high #home” and creates that task',
    async () => {
      await page.goto(`${baseUrl}/tasks`);
      await line.click();
      await line.pressSequentially('Pay rent tomorrow 9am !high #home');

      // Before Enter: the line marks what it read, and the preview says it in words.
      const due = tomorrowAtNine();
      const expected = [`Due: ${await shortDateTime(page, due)}`, 'Priority: high', 'Label: home'];
      await waitUntil(
        async () => {
          const text = await preview.innerText();
          return expected.every((item) => text.includes(item));
        },
        async () => `the preview reads “${await preview.innerText()}”, not ${expected.join(' · ')}`,
      );
      const marks = await page.locator('.quick-add-mirror mark').allInnerTexts();
      if (JSON.stringify(marks) !== JSON.stringify(['tomorrow 9am', '!high', '#home']))
        throw new Error(`the line marks ${JSON.stringify(marks)}`);
      await screenshotOf(page, page.getByRole('form', { name: 'Quick add a task' }), 'quick-add');

      const task = await enter();
      if (task.title !== 'Pay rent') throw new Error(`the task is titled “${task.title}”`);
      if (task.priority !== 'high') throw new Error(`the task's priority is ${task.priority}`);
      if (JSON.stringify(task.labels) !== '["home"]')
        throw new Error(`the task's labels are ${JSON.stringify(task.labels)}`);
      // Tomorrow 09:00 in the browser's zone, which is the user's in the story.
      if (Date.parse(String(task.due_date)) !== due)
        throw new Error(`the task is due ${task.due_date}, not ${new Date(due).toISOString()}`);

      const item = taskItem(page, 'Pay rent');
      await item.waitFor();
      const shown = await item.innerText();
      if (!shown.includes('High') || !shown.includes('home'))
        throw new Error(`the new task's line reads “${shown}”`);
      if ((await line.inputValue()) !== '') throw new Error('the line was not cleared');
      if (!(await lineHasFocus())) throw new Error('the focus left the line after Enter');
    },
  );

  await story(
    'the quick-added task lands in Upcoming under “Tomorrow”, and not in Today',
    async () => {
      // The heading each task line sits under, in list order (a script for the page, as text).
      const headingOf = (/** @type {string} */ title) =>
        page.evaluate(`(() => {
        let heading = null;
        for (const li of document.querySelectorAll('ul[aria-label="Tasks"] > li')) {
          if (li.classList.contains('task-group')) heading = li.textContent.trim();
          else if (li.textContent.includes(${JSON.stringify(title)})) return heading;
        }
        return undefined;
      })()`);
      const settled = async () => {
        const list = page.getByRole('list', { name: 'Tasks' });
        await waitUntil(
          async () =>
            // One look (evaluateAll does not wait): the list may go between two.
            (await list.evaluateAll((found) =>
              found.some((el) => el.getAttribute('aria-busy') !== 'true'),
            )) || (await page.getByText(/^Nothing due/).count()) > 0,
          () => 'the list never settled',
        );
      };
      await page.goto(`${baseUrl}/upcoming`);
      await page.getByRole('heading', { name: 'Upcoming', level: 1 }).waitFor();
      await taskItem(page, 'Pay rent').waitFor();
      await settled();
      const group = await headingOf('Pay rent');
      if (group !== 'Tomorrow')
        throw new Error(
          `in Upcoming, “Pay rent” is under ${JSON.stringify(group)}, not “Tomorrow”`,
        );
      await page.goto(`${baseUrl}/today`);
      await page.getByRole('heading', { name: 'Today', level: 1 }).waitFor();
      await settled();
      if ((await taskItem(page, 'Pay rent').count()) > 0)
        throw new Error('“Pay rent”, due tomorrow at 09:00, is listed in Today');
    },
  );

  await story('quick add completes a project name after @', async () => {
    const sidebar = page.getByRole('navigation', { name: 'Projects' });
    await sidebar.getByRole('button', { name: 'New project' }).click();
    const form = sidebar.getByRole('form', { name: 'New project' });
    await form.getByLabel('Project name').fill('Home renovation');
    const made = settledResponse(page, 'POST', /^\/api\/v1\/projects$/);
    await form.getByRole('button', { name: 'Create project' }).click();
    const project = /** @type {{ id: number }} */ (await (await made).json());
    await page.getByRole('heading', { name: 'Home renovation', level: 1 }).waitFor();

    // From every project's tasks, where a task would go into the inbox unless the line names one.
    await page.goto(`${baseUrl}/tasks`);
    await line.click();
    await line.pressSequentially('Paint the hall @home r');
    const options = page.getByRole('listbox', { name: 'Projects' }).getByRole('option');
    await options.filter({ hasText: 'Home renovation' }).waitFor();
    if ((await line.getAttribute('aria-expanded')) !== 'true')
      throw new Error('the line does not say its list is open');
    await screenshot(page, 'quick-add-projects');
    await line.press('ArrowDown');
    const active = await line.getAttribute('aria-activedescendant');
    if (!active || (await page.locator(`[id="${active}"]`).innerText()) !== 'Home renovation')
      throw new Error(`ArrowDown made “${active}” the active option`);
    await line.press('Enter');
    await waitUntil(
      async () => (await line.inputValue()) === 'Paint the hall @Home renovation ',
      async () => `picking the project left the line at “${await line.inputValue()}”`,
    );
    await preview.getByText('Project: Home renovation').waitFor();

    const task = await enter();
    if (task.project_id !== project.id || task.title !== 'Paint the hall')
      throw new Error(
        `the task is “${task.title}” in project ${task.project_id}, not in ${project.id}`,
      );
    await taskItem(page, 'Paint the hall').waitFor();
  });
}
