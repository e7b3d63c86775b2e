import { useEffect, useState } from 'react';
import { toast } from '@/components/ui/toast';

/** Every shortcut, as the sheet lists them. */
export const SHORTCUTS: readonly { keys: readonly string[]; action: string }[] = [
  { keys: ['q'], action: 'Quick add a task' },
  { keys: ['/'], action: 'Search tasks' },
  { keys: ['j'], action: 'Next task' },
  { keys: ['k'], action: 'Previous task' },
  { keys: ['x', 'Space'], action: 'Complete or reopen the focused task' },
  { keys: ['e'], action: 'Edit the focused task' },
  { keys: ['#'], action: 'Delete the focused task' },
  { keys: ['z'], action: 'Undo the last complete, delete or move' },
  { keys: ['?'], action: 'Show these shortcuts' },
  { keys: ['Escape'], action: 'Close a form or dialog; leave the quick add or search' },
];

const TEXT_INPUT_TYPES = new Set([
  'button',
  'checkbox',
  'radio',
  'submit',
  'reset',
  'image',
  'file',
  'color',
  'range',
]);

/** Whether a key pressed here is the user typing (text fields, selects, editable content). */
export function isTypingTarget(target: EventTarget | null): boolean {
  if (!(target instanceof HTMLElement)) return false;
  if (
    target.isContentEditable ||
    target.closest('[contenteditable]:not([contenteditable="false"])')
  )
    return true;
  if (target instanceof HTMLInputElement) return !TEXT_INPUT_TYPES.has(target.type);
  return target instanceof HTMLTextAreaElement || target instanceof HTMLSelectElement;
}

const TASK = '[data-task-id]';

function focusedTask(): HTMLElement | null {
  const active = document.activeElement;
  return active instanceof HTMLElement ? active.closest<HTMLElement>(TASK) : null;
}

/** Focus the task after (`step` 1) or before (-1) the focused one, in the page's order. */
function moveFocus(step: 1 | -1) {
  const items = [...document.querySelectorAll<HTMLElement>(TASK)];
  if (items.length === 0) return;
  const current = focusedTask();
  const index = current ? items.indexOf(current) : -1;
  // From outside the list, j starts at the first task and k at the last.
  const next =
    index === -1
      ? step === 1
        ? items[0]
        : items.at(-1)
      : items[Math.min(Math.max(index + step, 0), items.length - 1)];
  next?.focus();
}

/** Presses one of the focused task's own controls, so the key does what the mouse would. */
function pressTaskControl(selector: string, event: KeyboardEvent) {
  const control = focusedTask()?.querySelector<HTMLElement>(selector);
  if (!control) return;
  event.preventDefault();
  control.click();
}

/**
 * Completes (or reopens) the focused task, and keeps focus there: a completed task moves (to the
 * list's completed part, or out of a list of open tasks), and the line that held focus goes with
 * it. Focus then follows the task, or else goes to the task that took its place.
 */
function toggleKeepingFocus(event: KeyboardEvent) {
  const task = focusedTask();
  if (!task) return;
  pressTaskControl('[data-shortcut="toggle"]', event);
  keepFocusAround(task);
}

/** Keeps focus on `task` (or the task next to it) while the lists move it about. */
function keepFocusAround(task: HTMLElement) {
  const items = Array.from(document.querySelectorAll<HTMLElement>('[data-task-id]'));
  const index = items.indexOf(task);
  const ids = [task, items[index + 1], items[index - 1]]
    .map((item) => item?.dataset.taskId)
    .filter((id): id is string => Boolean(id));
  const lost = () => document.activeElement === null || document.activeElement === document.body;
  const refocus = () => {
    if (!lost()) return true;
    for (const id of ids) {
      const element = document.querySelector<HTMLElement>(`[data-task-id="${id}"]`);
      if (element) {
        element.focus();
        return true;
      }
    }
    return false;
  };
  // Until the lists settle (the toggle's answer, then their refetch): at most 3 s, and never past
  // the user's next key.
  stopKeepingFocus();
  // Not stopped by the first refocus: the answer and the refetch after it may each move it.
  const observer = new MutationObserver(() => void refocus());
  observer.observe(document.body, { childList: true, subtree: true });
  const timer = setTimeout(() => stopKeepingFocus(), 3_000);
  stopKeepingFocus = () => {
    observer.disconnect();
    clearTimeout(timer);
    stopKeepingFocus = () => undefined;
  };
}

/** Ends what the last `keepFocusAround` still watches. */
let stopKeepingFocus: () => void = () => undefined;

function focusById(id: string, event: KeyboardEvent) {
  const element = document.getElementById(id);
  if (!element) return;
  // Else the key itself would be typed into the field it just focused.
  event.preventDefault();
  element.focus();
}

/**
 * Escape in the quick add or the search (which `q` and `/` focus) leaves it, so the next key is
 * a shortcut again; j then starts from the first task.
 */
function leaveField(target: EventTarget | null) {
  if (target instanceof HTMLElement && SHORTCUT_FIELDS.includes(target.id)) target.blur();
}

const SHORTCUT_FIELDS = ['quick-add', 'task-search'];

/**
 * The app's single-key shortcuts (listed in SHORTCUTS). They stay out of the way while the user
 * types, with Ctrl, Meta or Alt held (the browser's and the system's), and while a modal dialog
 * is open. Escape is the forms' and dialogs' own (they close and give focus back), but it leaves
 * the quick add and the search.
 */
export function useShortcuts() {
  const [sheetOpen, setSheetOpen] = useState(false);

  useEffect(() => {
    const onKeyDown = (event: KeyboardEvent) => {
      stopKeepingFocus();
      if (event.defaultPrevented || event.ctrlKey || event.metaKey || event.altKey) return;
      if (event.key === 'Escape') {
        leaveField(event.target);
        return;
      }
      if (isTypingTarget(event.target)) return;
      if (document.querySelector('dialog[open]')) return;
      switch (event.key) {
        case 'q':
          focusById('quick-add', event);
          break;
        case '/':
          focusById('task-search', event);
          break;
        case 'j':
        case 'k':
          event.preventDefault();
          moveFocus(event.key === 'j' ? 1 : -1);
          break;
        case 'x':
          toggleKeepingFocus(event);
          break;
        case ' ':
          // Space on a button or a checkbox inside the task presses that control, as ever.
          if (event.target === focusedTask()) toggleKeepingFocus(event);
          break;
        case 'e':
          pressTaskControl('[data-shortcut="edit"]', event);
          break;
        case '#':
          pressTaskControl('[data-shortcut="delete"]', event);
          break;
        case 'z': {
          const task = focusedTask();
          if (toast.runLatestAction()) {
            event.preventDefault();
            if (task) keepFocusAround(task);
          }
          break;
        }
        case '?':
          event.preventDefault();
          setSheetOpen(true);
          break;
      }
    };
    document.addEventListener('keydown', onKeyDown);
    return () => {
      stopKeepingFocus();
      document.removeEventListener('keydown', onKeyDown);
    };
  }, []);

  return { sheetOpen, closeSheet: () => setSheetOpen(false) };
}
