import { useState } from 'react';
import { clearDraft } from '@/hooks/use-draft';
import type { CreateTaskInput } from '@/types/api';
import { fromDateTimeLocal } from '@/utils/dates';
import { useCreateTask } from '../api/create-task';
import { useTaskAccess } from '../hooks/use-task-access';
import { EMPTY_TASK_VALUES, TaskForm, type TaskFormValues } from './task-form';

export function toCreateInput(values: TaskFormValues, projectId?: number): CreateTaskInput {
  const input: CreateTaskInput = { title: values.title.trim(), priority: values.priority };
  if (projectId !== undefined) input.project_id = projectId;
  if (values.description.trim()) input.description = values.description;
  const due = fromDateTimeLocal(values.due);
  if (due) input.due_date = due;
  if (values.recurrence) input.recurrence = values.recurrence;
  if (values.reminders.length > 0) input.reminders = values.reminders;
  if (values.labels.length > 0) input.labels = values.labels;
  if (values.assignee !== null) input.assignee_id = values.assignee;
  return input;
}

/**
 * `projectId`: the project the new task goes into; without it, the caller's inbox.
 * `initialValues`: what the first form starts with (e.g. a quick-add line's); each next is blank.
 */
export function CreateTaskForm({
  projectId,
  initialValues = EMPTY_TASK_VALUES,
  autoFocusTitle = false,
}: {
  projectId?: number | undefined;
  initialValues?: TaskFormValues;
  autoFocusTitle?: boolean;
}) {
  const createTask = useCreateTask();
  const access = useTaskAccess();
  // A new key after each success gives the next task a blank form.
  const [formKey, setFormKey] = useState(0);
  const [added, setAdded] = useState<string | null>(null);
  // What is typed survives a session that ends (hooks/use-draft.ts), per target project.
  const draftKey = `task-new:${projectId ?? 'inbox'}`;

  const onSubmit = (values: TaskFormValues) =>
    createTask.mutate(toCreateInput(values, projectId), {
      onSuccess: (_task, input) => {
        setAdded(input.title);
        clearDraft(draftKey);
        setFormKey((k) => k + 1);
      },
    });

  // After an add, focus goes back to the blank form's title rather than to the new task: tasks
  // usually come several at a time, and the keyboard user can type the next one at once. The
  // status line says the add worked, since focus does not move to show it.
  return (
    <>
      <TaskForm
        // A new project is a blank form too: its members differ.
        key={`${projectId ?? 'inbox'}-${formKey}`}
        label="New task"
        initialValues={formKey === 0 ? initialValues : EMPTY_TASK_VALUES}
        submitLabel="Add task"
        pendingLabel="Adding…"
        pending={createTask.isPending}
        error={createTask.error}
        onSubmit={onSubmit}
        autoFocusTitle={autoFocusTitle || formKey > 0}
        members={projectId === undefined ? undefined : access.membersOf(projectId)}
        currentUserId={access.currentUserId}
        draftKey={draftKey}
      />
      <div role="status" className="success">
        {added && `Added “${added}”.`}
      </div>
    </>
  );
}
