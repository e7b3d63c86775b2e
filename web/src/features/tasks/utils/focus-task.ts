const WAIT_MS = 3_000;

/**
 * Focuses the task with `id` once its list shows it (an undone delete comes back under a new id,
 * after the lists reload) — but only when focus has nowhere better to be: the Undo button that
 * held it is gone, leaving it on <body>. Focus the user put somewhere else stays there.
 */
export function focusTaskWhenShown(id: number): void {
  const selector = `[data-task-id="${id}"]`;
  const lost = () => document.activeElement === null || document.activeElement === document.body;
  const attempt = () => {
    const element = document.querySelector<HTMLElement>(selector);
    if (!element) return false;
    if (lost()) element.focus();
    return true;
  };
  if (attempt()) return;
  const observer = new MutationObserver(() => {
    if (attempt()) stop();
  });
  const timeout = setTimeout(() => stop(), WAIT_MS);
  const stop = () => {
    observer.disconnect();
    clearTimeout(timeout);
  };
  observer.observe(document.body, { childList: true, subtree: true });
}
