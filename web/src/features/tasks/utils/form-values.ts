import type { Priority, ReminderInput } from '@/types/api';

// Apart from the form (components/task-form.tsx) so that what starts a form, e.g. the quick-add
// line's "More options", does not pull the form's code into the first view.

export type TaskFormValues = {
  title: string;
  description: string;
  due: string;
  priority: Priority;
  /** An RRULE, or empty: does not repeat; null: a custom rule not written yet. */
  recurrence: string | null;
  reminders: ReminderInput[];
  labels: string[];
  /** A member's user id, or null: nobody. */
  assignee: number | null;
};

export const EMPTY_TASK_VALUES: TaskFormValues = {
  title: '',
  description: '',
  due: '',
  priority: 'medium',
  recurrence: '',
  reminders: [],
  labels: [],
  assignee: null,
};
