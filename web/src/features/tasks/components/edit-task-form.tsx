import { useQueryClient } from '@tanstack/react-query';
import { useState } from 'react';
import { clearDraft } from '@/hooks/use-draft';
import { useUserTimeZone } from '@/hooks/use-user-time-zone';
import { isPreconditionFailed } from '@/lib/api-error';
import type { Task, UpdateTaskInput } from '@/types/api';
import { formatDateTime, fromDateTimeLocal } from '@/utils/dates';
import { announceMoved } from '../api/undo-task';
import { useUpdateTask } from '../api/update-task';
import { useTaskAccess } from '../hooks/use-task-access';
import { PRIORITY_LABELS } from '../utils/labels';
import { describeRule } from '../utils/recurrence';
import { describeReminder, sameReminders } from '../utils/reminders';
import { TaskForm, taskToFormValues, type TaskFormValues } from './task-form';

/**
 * Only the fields the user changed go in the PATCH: an untouched due date must not be re-sent,
 * since the form's minute precision would move it (and its reminders, which would fire again).
 * Reminders go as the whole set, the saved ones exactly as the server wrote them, so that they
 * keep their ids and sent state.
 */
export function toUpdateInput(before: TaskFormValues, after: TaskFormValues): UpdateTaskInput {
  const changes: UpdateTaskInput = {};
  if (after.title !== before.title) changes.title = after.title.trim();
  if (after.description !== before.description) changes.description = after.description || null;
  if (after.due !== before.due) changes.due_date = fromDateTimeLocal(after.due);
  if (after.priority !== before.priority) changes.priority = after.priority;
  if (after.recurrence !== before.recurrence)
    changes.recurrence = after.recurrence === '' ? null : after.recurrence;
  if (!sameReminders(after.reminders, before.reminders)) changes.reminders = after.reminders;
  if (after.labels.join('\n') !== before.labels.join('\n')) changes.labels = after.labels;
  if (after.assignee !== before.assignee) changes.assignee_id = after.assignee;
  return changes;
}

const when = (iso: string | null | undefined) => (iso ? formatDateTime(iso) : 'none');

/** The changes a refused save carried, as the user typed them, to copy into the reloaded form. */
function UnsavedEdits({ changes, timeZone }: { changes: UpdateTaskInput; timeZone: string }) {
  const rows: [string, string][] = [];
  if (changes.title !== undefined) rows.push(['Title', changes.title]);
  if (changes.description !== undefined) rows.push(['Description', changes.description ?? 'none']);
  if (changes.due_date !== undefined) rows.push(['Due date', when(changes.due_date)]);
  if (changes.priority !== undefined) rows.push(['Priority', PRIORITY_LABELS[changes.priority]]);
  if (changes.recurrence !== undefined) {
    rows.push([
      'Repeats',
      changes.recurrence ? describeRule(changes.recurrence) : 'does not repeat',
    ]);
  }
  if (changes.reminders !== undefined) {
    const list = changes.reminders.map((r) => describeReminder(r, timeZone));
    rows.push(['Reminders', list.length > 0 ? list.join('; ') : 'none']);
  }
  if (changes.labels !== undefined) {
    rows.push(['Labels', changes.labels.length > 0 ? changes.labels.join(', ') : 'none']);
  }
  if (changes.assignee_id !== undefined) {
    rows.push(['Assignee', changes.assignee_id === null ? 'nobody' : 'changed']);
  }
  return (
    <div className="unsaved-edits">
      <p>Your edits, not saved:</p>
      <dl>
        {rows.map(([field, value]) => (
          <div key={field}>
            <dt>{field}</dt>
            <dd>{value}</dd>
          </div>
        ))}
      </dl>
    </div>
  );
}

export function EditTaskForm({ task, onDone }: { task: Task; onDone: () => void }) {
  const updateTask = useUpdateTask();
  const access = useTaskAccess();
  const timeZone = useUserTimeZone();
  // The task as the form opened on it: the changes are worked out against it and its version goes
  // in If-Match, even when the list refetches meanwhile.
  const [base, setBase] = useState(task);
  const queryClient = useQueryClient();
  const projects = access.movableTo ?? [];
  const [project, setProject] = useState(task.project_id);
  const refused = isPreconditionFailed(updateTask.error) ? updateTask.variables : undefined;
  // A save refused because the task changed elsewhere (the hook refetches it): the form takes up
  // the reloaded task as soon as it arrives, and the user's edits stay listed beside it. Keeping
  // their text in the form instead would have the next Save overwrite a version they never saw.
  if (refused?.version === base.version && task.version !== base.version) {
    setBase(task);
  }
  const reloaded = refused !== undefined && refused.version !== base.version;
  const initialValues = taskToFormValues(base);
  // Per version: a draft typed over an older version must not be saved over a newer one.
  const draftKey = `task-edit:${task.id}:${base.version}`;
  const finish = () => {
    clearDraft(draftKey);
    onDone();
  };

  const onSubmit = (values: TaskFormValues) => {
    const changes = toUpdateInput(initialValues, values);
    const moveTo = projects.find((p) => p.id === project && p.id !== base.project_id);
    if (moveTo) {
      changes.project_id = moveTo.id;
      // The assignee must be a member of the project the task goes to.
      const assignee = changes.assignee_id ?? base.assignee_id;
      const members = access.membersOf(moveTo.id);
      if (assignee !== null && members && !members.some((m) => m.user_id === assignee)) {
        changes.assignee_id = null;
      }
    }
    if (Object.keys(changes).length === 0) {
      finish();
      return;
    }
    // The promise, not a per-call onSuccess: a task moved out of the list unmounts this form
    // before the save's lists have reloaded, and the move's toast must still show.
    updateTask.mutateAsync({ id: task.id, changes, version: base.version }).then(
      (saved) => {
        if (moveTo) announceMoved(queryClient, base, saved, moveTo.name);
        finish();
      },
      // Shown by the form, from the mutation's state.
      () => undefined,
    );
  };

  return (
    <TaskForm
      // A new version is a fresh form holding the reloaded values.
      key={base.version}
      label={`Edit task ${base.title}`}
      initialValues={initialValues}
      taskTimeZone={base.time_zone}
      savedReminders={base.reminders}
      submitLabel="Save"
      pendingLabel="Saving…"
      pending={updateTask.isPending}
      error={refused ? null : updateTask.error}
      notice={
        refused && (
          <div role="alert">
            <p className="form-error">
              {reloaded
                ? 'This task was changed elsewhere — reloaded the latest version.'
                : 'This task was changed elsewhere — loading the latest version…'}
            </p>
            {reloaded && <UnsavedEdits changes={refused.changes} timeZone={timeZone} />}
          </div>
        )
      }
      onSubmit={onSubmit}
      onCancel={finish}
      autoFocusTitle
      members={access.membersOf(task.project_id)}
      currentUserId={access.currentUserId}
      draftKey={draftKey}
      project={
        // Offered when there is somewhere to move it to.
        projects.length > 1 && projects.some((p) => p.id === task.project_id)
          ? { options: projects, value: project, onChange: setProject }
          : undefined
      }
    />
  );
}
