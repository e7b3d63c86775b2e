import { useState } from 'react';
import type { CreateTaskInput } from '@/types/api';
import { fromDateTimeLocal } from '@/utils/dates';
import { useCreateTask } from '../api/create-task';
import { EMPTY_TASK_VALUES, TaskForm, type TaskFormValues } from './task-form';

function toCreateInput(values: TaskFormValues): CreateTaskInput {
  const input: CreateTaskInput = { title: values.title.trim(), priority: values.priority };
  if (values.description.trim()) input.description = values.description;
  const due = fromDateTimeLocal(values.due);
  if (due) input.due_date = due;
  if (values.recurrence) input.recurrence = values.recurrence;
  if (values.reminders.length > 0) input.reminders = values.reminders;
  return input;
}

export function CreateTaskForm() {
  const createTask = useCreateTask();
  // A new key after each success gives the next task a blank form.
  const [formKey, setFormKey] = useState(0);
  const [added, setAdded] = useState<string | null>(null);

  const onSubmit = (values: TaskFormValues) =>
    createTask.mutate(toCreateInput(values), {
      onSuccess: (_task, input) => {
        setAdded(input.title);
        setFormKey((k) => k + 1);
      },
    });

  // After an add, focus goes back to the blank form's title rather than to the new task: tasks
  // usually come several at a time, and the keyboard user can type the next one at once. The
  // status line says the add worked, since focus does not move to show it.
  return (
    <>
      <TaskForm
        key={formKey}
        label="New task"
        initialValues={EMPTY_TASK_VALUES}
        submitLabel="Add task"
        pendingLabel="Adding…"
        pending={createTask.isPending}
        error={createTask.error}
        onSubmit={onSubmit}
        autoFocusTitle={formKey > 0}
      />
      <div role="status" className="success">
        {added && `Added “${added}”.`}
      </div>
    </>
  );
}
