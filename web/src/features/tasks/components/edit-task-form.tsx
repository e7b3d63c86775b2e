import type { Task, UpdateTaskInput } from '@/types/api';
import { fromDateTimeLocal } from '@/utils/dates';
import { useUpdateTask } from '../api/update-task';
import { TaskForm, taskToFormValues, type TaskFormValues } from './task-form';

/**
 * Only the fields the user changed go in the PATCH: an untouched reminder must not be re-sent,
 * since the form's minute precision would move it and re-arm it.
 */
export function toUpdateInput(before: TaskFormValues, after: TaskFormValues): UpdateTaskInput {
  const changes: UpdateTaskInput = {};
  if (after.title !== before.title) changes.title = after.title.trim();
  if (after.description !== before.description) changes.description = after.description || null;
  if (after.due !== before.due) changes.due_date = fromDateTimeLocal(after.due);
  if (after.priority !== before.priority) changes.priority = after.priority;
  if (after.remind !== before.remind) changes.remind_at = fromDateTimeLocal(after.remind);
  return changes;
}

export function EditTaskForm({ task, onDone }: { task: Task; onDone: () => void }) {
  const updateTask = useUpdateTask();
  const initialValues = taskToFormValues(task);

  const onSubmit = (values: TaskFormValues) => {
    const changes = toUpdateInput(initialValues, values);
    if (Object.keys(changes).length === 0) {
      onDone();
      return;
    }
    updateTask.mutate({ id: task.id, changes }, { onSuccess: onDone });
  };

  return (
    <TaskForm
      label={`Edit task ${task.title}`}
      initialValues={initialValues}
      submitLabel="Save"
      pendingLabel="Saving…"
      pending={updateTask.isPending}
      error={updateTask.error}
      onSubmit={onSubmit}
      onCancel={onDone}
      autoFocusTitle
    />
  );
}
