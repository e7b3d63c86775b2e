import {
  lazy,
  Suspense,
  useState,
  type KeyboardEvent,
  type ReactNode,
  type SubmitEvent,
} from 'react';
import { Field } from '@/components/ui/field';
import { useDraft } from '@/hooks/use-draft';
import { toApiError } from '@/lib/api-error';
import { useUserTimeZone } from '@/hooks/use-user-time-zone';
import { PRIORITIES, type Member, type Task } from '@/types/api';
import { fromDateTimeLocal, toDateTimeLocal } from '@/utils/dates';
import { taskWriteError } from '../utils/errors';
import { PRIORITY_LABELS } from '../utils/labels';
import { isRelative, toReminderInput } from '../utils/reminders';
import type { ProjectChoice } from '../hooks/use-task-access';
import type { TaskFormValues } from '../utils/form-values';
import { LabelsEditor } from './labels-editor';

// Loaded on demand (a moment after the form shows): they are most of the form's code, and the
// first view's JS has a budget (scripts/bundle-size.mjs).
const RecurrencePicker = lazy(() =>
  import('./recurrence-picker').then((m) => ({ default: m.RecurrencePicker })),
);
const RemindersEditor = lazy(() =>
  import('./reminders-editor').then((m) => ({ default: m.RemindersEditor })),
);

export type { TaskFormValues } from '../utils/form-values';
export { EMPTY_TASK_VALUES } from '../utils/form-values';

type FieldName = keyof TaskFormValues;
type FieldErrors = Partial<Record<FieldName, string>>;

/** The API's field names, as they appear in a 422's `error.fields`, mapped to the form's. */
const API_FIELDS: Record<string, FieldName> = {
  title: 'title',
  description: 'description',
  due_date: 'due',
  priority: 'priority',
  recurrence: 'recurrence',
  reminders: 'reminders',
  labels: 'labels',
  assignee_id: 'assignee',
};

export function taskToFormValues(task: Task): TaskFormValues {
  return {
    title: task.title,
    description: task.description ?? '',
    due: toDateTimeLocal(task.due_date),
    priority: task.priority,
    recurrence: task.recurrence ?? '',
    reminders: task.reminders.map(toReminderInput),
    labels: task.labels,
    assignee: task.assignee_id,
  };
}

function serverErrors(error: unknown): { fields: FieldErrors; form: string | undefined } {
  if (!error) return { fields: {}, form: undefined };
  const apiError = toApiError(error);
  const fields: FieldErrors = {};
  const unknown: string[] = [];
  for (const [name, message] of Object.entries(apiError.fields)) {
    const field = API_FIELDS[name];
    if (field) fields[field] = message;
    else unknown.push(`${name}: ${message}`);
  }
  const hasFieldErrors = Object.keys(fields).length > 0;
  const form = unknown.length
    ? unknown.join(' ')
    : hasFieldErrors
      ? 'Check the highlighted fields.'
      : taskWriteError(error);
  return { fields, form };
}

/** What the form can tell before asking the server. */
function checkLocally(values: TaskFormValues): FieldErrors {
  const errors: FieldErrors = {};
  if (!values.title.trim()) errors.title = 'Enter a title.';
  if (values.recurrence === null) {
    errors.recurrence = 'Enter a rule, or choose “Does not repeat”.';
  }
  if (!values.due && values.recurrence) {
    errors.due = 'A repeating task needs a due date: its first occurrence.';
  }
  if (!values.due && values.reminders.some(isRelative)) {
    errors.reminders = 'Reminders before the due date need a due date: set one, or remove them.';
  }
  return errors;
}

type Props = {
  label: string;
  initialValues: TaskFormValues;
  /** The task's zone, in which the server reads its recurrence (a new task: the user's). */
  taskTimeZone?: string;
  /** The task's reminders as saved, to show which were sent. */
  savedReminders?: Task['reminders'];
  submitLabel: string;
  pendingLabel: string;
  pending: boolean;
  /** The failed submission's error; its 422 field messages show next to the fields. */
  error: unknown;
  /** Shown where the submission's error goes. */
  notice?: ReactNode;
  onSubmit: (values: TaskFormValues) => void;
  /** Shows a Cancel button, also pressed by Escape anywhere in the form. */
  onCancel?: () => void;
  /** Focus the title once the form appears. */
  autoFocusTitle?: boolean;
  /** Whom the task may be assigned to: its project's members; no picker while unknown. */
  members?: readonly Member[] | undefined;
  currentUserId?: number | null;
  /** Keeps the values typed as this draft (hooks/use-draft.ts) until the owner clears it. */
  draftKey?: string | null;
  /** A picker of the project the task is in, to move it (the edit form's). */
  project?: ProjectPicker | undefined;
};

export type ProjectPicker = {
  options: readonly ProjectChoice[];
  value: number;
  onChange: (projectId: number) => void;
};

export function TaskForm({
  label,
  initialValues,
  taskTimeZone,
  savedReminders,
  submitLabel,
  pendingLabel,
  pending,
  error,
  notice,
  onSubmit,
  onCancel,
  autoFocusTitle = false,
  members,
  currentUserId = null,
  draftKey = null,
  project,
}: Props) {
  const [values, setValues] = useDraft(draftKey, initialValues);
  // The picker keeps its own state from its first rule: a restored draft's, if there is one.
  const [startRule] = useState(values.recurrence);
  const [localErrors, setLocalErrors] = useState<FieldErrors>({});
  const userTimeZone = useUserTimeZone();
  const server = serverErrors(error);
  const errors: FieldErrors = { ...server.fields, ...localErrors };

  const set = (patch: Partial<TaskFormValues>) => setValues((v) => ({ ...v, ...patch }));

  const submit = (event: SubmitEvent<HTMLFormElement>) => {
    event.preventDefault();
    const local = checkLocally(values);
    setLocalErrors(local);
    if (Object.keys(local).length === 0) onSubmit(values);
  };

  const onKeyDown = (event: KeyboardEvent<HTMLFormElement>) => {
    if (event.key === 'Escape' && onCancel) {
      event.preventDefault();
      onCancel();
    }
  };

  return (
    <form
      className="task-form"
      aria-label={label}
      onSubmit={submit}
      onKeyDown={onKeyDown}
      noValidate
    >
      <Field label="Title" error={errors.title}>
        {(control) => (
          <input
            {...control}
            type="text"
            maxLength={200}
            required
            autoFocus={autoFocusTitle}
            value={values.title}
            onChange={(e) => set({ title: e.target.value })}
          />
        )}
      </Field>
      <Field label="Description" error={errors.description}>
        {(control) => (
          <textarea
            {...control}
            rows={3}
            maxLength={10_000}
            value={values.description}
            onChange={(e) => set({ description: e.target.value })}
          />
        )}
      </Field>
      <div className="form-row">
        <Field label="Due date" error={errors.due}>
          {(control) => (
            <input
              {...control}
              type="datetime-local"
              step="any"
              value={values.due}
              onChange={(e) => set({ due: e.target.value })}
            />
          )}
        </Field>
        <Field label="Priority" error={errors.priority}>
          {(control) => (
            <select
              {...control}
              value={values.priority}
              onChange={(e) => {
                const priority = PRIORITIES.find((p) => p === e.target.value);
                if (priority) set({ priority });
              }}
            >
              {PRIORITIES.map((p) => (
                <option key={p} value={p}>
                  {PRIORITY_LABELS[p]}
                </option>
              ))}
            </select>
          )}
        </Field>
      </div>
      <LabelsEditor
        value={values.labels}
        onChange={(labels) => set({ labels })}
        error={errors.labels}
      />
      {project && (
        <Field label="Project">
          {(control) => (
            <select
              {...control}
              value={project.value}
              onChange={(e) => project.onChange(Number(e.target.value))}
            >
              {project.options.map((option) => (
                <option key={option.id} value={option.id}>
                  {option.name}
                </option>
              ))}
            </select>
          )}
        </Field>
      )}
      {members && (
        <Field label="Assignee" error={errors.assignee}>
          {(control) => (
            <select
              {...control}
              value={values.assignee ?? ''}
              onChange={(e) => set({ assignee: e.target.value ? Number(e.target.value) : null })}
            >
              <option value="">Nobody</option>
              {members.map((member) => (
                <option key={member.user_id} value={member.user_id}>
                  {member.email}
                  {member.user_id === currentUserId ? ' (me)' : ''}
                </option>
              ))}
            </select>
          )}
        </Field>
      )}
      <Suspense fallback={<p className="loading">Loading repeat and reminder options…</p>}>
        <RecurrencePicker
          initialRule={startRule === '' ? null : startRule}
          onChange={(recurrence) => set({ recurrence })}
          due={fromDateTimeLocal(values.due)}
          taskTimeZone={taskTimeZone ?? userTimeZone}
          timeZone={userTimeZone}
          error={errors.recurrence}
        />
        <RemindersEditor
          value={values.reminders}
          onChange={(reminders) => set({ reminders })}
          hasDue={Boolean(values.due)}
          saved={savedReminders}
          error={errors.reminders}
          timeZone={userTimeZone}
        />
      </Suspense>
      {server.form && (
        <p role="alert" className="form-error">
          {server.form}
        </p>
      )}
      {notice}
      <div className="actions">
        <button type="submit" className="primary" disabled={pending}>
          {pending ? pendingLabel : submitLabel}
        </button>
        {onCancel && (
          <button type="button" onClick={onCancel}>
            Cancel
          </button>
        )}
      </div>
    </form>
  );
}
