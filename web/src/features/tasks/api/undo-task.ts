import type { QueryClient } from '@tanstack/react-query';
import { toast } from '@/components/ui/toast';
import { isPreconditionFailed } from '@/lib/api-error';
import type { CreateTaskInput, Task, UpdateTaskInput } from '@/types/api';
import { taskWriteError } from '../utils/errors';
import { focusTaskWhenShown } from '../utils/focus-task';
import { toReminderInput } from '../utils/reminders';
import { createTask } from './create-task';
import { taskKeys } from './keys';
import { patchCachedTask, updateTask } from './update-task';

/*
 * Undo of complete, delete and move. Each write goes to the server at once and the undo is a
 * second write that puts the task back, rather than holding the first one back until the toast
 * is gone: a held-back delete is lost when the tab closes or the session ends, and the other tabs
 * and devices would go on showing a task the user believes deleted.
 *
 * Each undo is conditional on the version the first write answered with: when the task has
 * changed since (another device, a live collaborator), the undo says so instead of overwriting.
 */

/**
 * The PATCH that reverses a completion. A plain task is reopened. A repeating task that moved on
 * to its next date goes back to the date it had (its relative reminders follow it; the series is
 * re-anchored there, as any write of `due_date` does); one whose series ended is reopened.
 */
export function completionUndo(before: Task, after: Task): UpdateTaskInput {
  const changes: UpdateTaskInput = {};
  if (after.completed) changes.completed = false;
  if (after.due_date !== before.due_date) changes.due_date = before.due_date;
  return changes;
}

/**
 * A deleted task's fields as POST /tasks takes them. The new task gets a new id, its creation
 * time and version 1; its completion history is not brought back. Reminders that have fired or
 * whose time has passed would fire again at once, so they are left out — except the relative
 * ones of a repeating task, which fire again for each next occurrence.
 */
export function restoreInput(task: Task, now = Date.now()): CreateTaskInput {
  const reminders = task.reminders
    .filter(
      (r) =>
        (task.recurrence !== null && r.before_due_minutes != null) ||
        (r.sent_at == null && Date.parse(r.fires_at) > now),
    )
    .map(toReminderInput);
  const input: CreateTaskInput = {
    project_id: task.project_id,
    title: task.title,
    priority: task.priority,
    time_zone: task.time_zone,
    labels: task.labels,
    reminders,
    completed: task.completed,
  };
  if (task.description) input.description = task.description;
  if (task.due_date) input.due_date = task.due_date;
  if (task.recurrence) input.recurrence = task.recurrence;
  if (task.assignee_id !== null) input.assignee_id = task.assignee_id;
  return input;
}

function undoFailed(error: unknown) {
  toast.show({
    message: isPreconditionFailed(error)
      ? 'Could not undo: the task was changed elsewhere meanwhile.'
      : `Could not undo: ${taskWriteError(error)}`,
  });
}

async function settle(queryClient: QueryClient, task: Task) {
  patchCachedTask(queryClient, task.id, () => task);
  focusTaskWhenShown(task.id);
  // Counts, labels, completions and the lists all may change with it.
  await queryClient.invalidateQueries({ queryKey: taskKeys.all });
}

/** Writes `changes` back onto the task as the first write left it (`after`, with its version). */
async function revert(queryClient: QueryClient, after: Task, changes: UpdateTaskInput) {
  try {
    const task = await updateTask({ id: after.id, changes, version: after.version });
    await settle(queryClient, task);
  } catch (error) {
    undoFailed(error);
    void queryClient.invalidateQueries({ queryKey: taskKeys.lists() });
  }
}

export function announceCompleted(queryClient: QueryClient, before: Task, after: Task) {
  toast.show({
    message: 'Task completed',
    action: {
      label: 'Undo',
      run: () => void revert(queryClient, after, completionUndo(before, after)),
    },
  });
}

export function announceDeleted(queryClient: QueryClient, task: Task) {
  toast.show({
    message: 'Task deleted',
    action: {
      label: 'Undo',
      run: () => {
        void createTask(restoreInput(task)).then(
          (created) => settle(queryClient, created),
          undoFailed,
        );
      },
    },
  });
}

/**
 * A task moved to another project. Moving back also gives back its assignee, whom the move may
 * have had to drop (not a member of the new project).
 */
export function announceMoved(
  queryClient: QueryClient,
  before: Task,
  after: Task,
  projectName: string,
) {
  const changes: UpdateTaskInput = { project_id: before.project_id };
  if (after.assignee_id !== before.assignee_id) changes.assignee_id = before.assignee_id;
  toast.show({
    message: `Moved to ${projectName}`,
    action: { label: 'Undo', run: () => void revert(queryClient, after, changes) },
  });
}
