import { useState, type KeyboardEvent, type ReactNode, type SubmitEvent } from 'react';
import { Field } from '@/components/ui/field';
import { toApiError } from '@/lib/api-error';
import { PRIORITIES, type Priority, type Task } from '@/types/api';
import { toDateTimeLocal } from '@/utils/dates';
import { PRIORITY_LABELS } from '../utils/labels';

export type TaskFormValues = {
  title: string;
  description: string;
  due: string;
  priority: Priority;
  remind: string;
};

type FieldName = keyof TaskFormValues;
type FieldErrors = Partial<Record<FieldName, string>>;

/** The API's field names, as they appear in a 422's `error.fields`, mapped to the form's. */
const API_FIELDS: Record<string, FieldName> = {
  title: 'title',
  description: 'description',
  due_date: 'due',
  priority: 'priority',
  remind_at: 'remind',
};

export const EMPTY_TASK_VALUES: TaskFormValues = {
  title: '',
  description: '',
  due: '',
  priority: 'medium',
  remind: '',
};

export function taskToFormValues(task: Task): TaskFormValues {
  return {
    title: task.title,
    description: task.description ?? '',
    due: toDateTimeLocal(task.due_date),
    priority: task.priority,
    remind: toDateTimeLocal(task.remind_at),
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
      : apiError.message;
  return { fields, form };
}

type Props = {
  label: string;
  initialValues: TaskFormValues;
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
};

export function TaskForm({
  label,
  initialValues,
  submitLabel,
  pendingLabel,
  pending,
  error,
  notice,
  onSubmit,
  onCancel,
  autoFocusTitle = false,
}: Props) {
  const [values, setValues] = useState(initialValues);
  const [localErrors, setLocalErrors] = useState<FieldErrors>({});
  const server = serverErrors(error);
  const errors: FieldErrors = { ...server.fields, ...localErrors };

  const set = (patch: Partial<TaskFormValues>) => setValues((v) => ({ ...v, ...patch }));

  const submit = (event: SubmitEvent<HTMLFormElement>) => {
    event.preventDefault();
    const local: FieldErrors = values.title.trim() ? {} : { title: 'Enter a title.' };
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
        <Field label="Reminder" error={errors.remind}>
          {(control) => (
            <input
              {...control}
              type="datetime-local"
              step="any"
              value={values.remind}
              onChange={(e) => set({ remind: e.target.value })}
            />
          )}
        </Field>
      </div>
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
