import { useEffect, useRef, useState } from 'react';
import { BellIcon, RepeatIcon } from '@/components/ui/icons';
import { useUserTimeZone } from '@/hooks/use-user-time-zone';
import { isPreconditionFailed } from '@/lib/api-error';
import type { Task } from '@/types/api';
import { formatDateTime, formatDue, formatShortDateTime } from '@/utils/dates';
import { useDeleteTask } from '../api/delete-task';
import { useToggleTask } from '../api/toggle-task';
import { useLinkedTask } from '../hooks/use-linked-task';
import { useTaskAccess } from '../hooks/use-task-access';
import { taskWriteError } from '../utils/errors';
import { PRIORITY_LABELS } from '../utils/labels';
import { describeRule } from '../utils/recurrence';
import { describeBeforeDue } from '../utils/reminders';
import { CompletionHistory } from './completion-history';
import { EditTaskForm } from './edit-task-form';

const PREVIEW_LENGTH = 140;

function preview(text: string): string {
  return text.length > PREVIEW_LENGTH ? `${text.slice(0, PREVIEW_LENGTH).trimEnd()}…` : text;
}

type Mode = 'view' | 'edit';

/** The bell on a task line: how many reminders, and all of them, with when each fires, in its name. */
type BadgeProps = { task: Task; timeZone: string; now: number };

function RemindersBadge({ task, timeZone, now }: BadgeProps) {
  if (task.reminders.length === 0) return null;
  // "Reminder set for Tue 8 Dec, 08:00 (1 hour before due)", or "2 reminders: sent for …; set for …".
  const each = task.reminders.map((r) => {
    const when = `${r.sent_at ? 'sent' : 'set'} for ${formatShortDateTime(r.fires_at, timeZone, now)}`;
    if (r.before_due_minutes == null) return when;
    const relative = describeBeforeDue(r.before_due_minutes);
    return `${when} (${relative.charAt(0).toLowerCase()}${relative.slice(1)})`;
  });
  const name =
    each.length === 1
      ? `Reminder ${each.join('')}`
      : `${each.length} reminders: ${each.join('; ')}`;
  return (
    <span role="img" className="reminder" aria-label={name} title={name}>
      <BellIcon />
      {task.reminders.length > 1 && (
        <span className="reminder-count" aria-hidden="true">
          {task.reminders.length}
        </span>
      )}
    </span>
  );
}

/** Who the task is assigned to, by email where the project's members are known. */
function assigneeName(task: Task, access: ReturnType<typeof useTaskAccess>): string | null {
  if (task.assignee_id === null) return null;
  if (task.assignee_id === access.currentUserId) return 'me';
  const member = access.membersOf(task.project_id)?.find((m) => m.user_id === task.assignee_id);
  return member?.email ?? 'another member';
}

export function TaskItem({ task, now }: { task: Task; now: number }) {
  const access = useTaskAccess();
  // A viewer gets no controls at all; the server refuses their writes anyway (403).
  const editable = access.canEdit(task.project_id);
  const assignee = assigneeName(task, access);
  const [mode, setMode] = useState<Mode>('view');
  // A link to this task (`?task=<id>`, from a reminder) opens its editor, which takes focus.
  const link = useLinkedTask(task.id);
  if (link.linked && mode !== 'edit') setMode('edit');
  useEffect(() => {
    if (link.linked) link.seen();
  }, [link]);
  const root = useRef<HTMLLIElement>(null);
  const editButton = useRef<HTMLButtonElement>(null);
  // Closing the editor puts focus back where it was opened from: the Edit button, or the task
  // itself when the `e` shortcut opened it, so the keyboard user goes on from where they were
  // instead of from <body>.
  const openedFrom = useRef<HTMLElement | null>(null);
  const closing = useRef(false);
  const openEditor = () => {
    openedFrom.current = document.activeElement === root.current ? root.current : null;
    setMode('edit');
  };
  const backToView = () => {
    closing.current = true;
    setMode('view');
  };
  useEffect(() => {
    if (mode !== 'view' || !closing.current) return;
    (openedFrom.current ?? editButton.current)?.focus();
    closing.current = false;
  }, [mode]);
  const toggle = useToggleTask();
  // What the user just clicked, until the mutation settles. The cache's optimistic write reaches
  // React only after an await and a timer; a controlled checkbox would flip back in between.
  const [requested, setRequested] = useState<boolean | null>(null);
  const completed = requested ?? task.completed;
  const remove = useDeleteTask();
  const timeZone = useUserTimeZone();
  const due = task.due_date ? formatDue(task.due_date, now, completed) : null;

  const onToggle = (next: boolean) => {
    setRequested(next);
    toggle.mutate(
      { id: task.id, completed: next, before: task },
      { onSettled: () => setRequested(null) },
    );
  };
  // No confirmation: the toast that follows offers Undo. A second press while the first is on
  // its way would only earn a 404.
  const onDelete = () => {
    if (!remove.isPending) remove.mutate({ id: task.id, version: task.version, task });
  };

  if (mode === 'edit' && editable) {
    return (
      <li
        ref={root}
        className="task-item editing"
        data-testid="task-item"
        data-task-id={task.id}
        tabIndex={-1}
      >
        <EditTaskForm task={task} onDone={backToView} />
        {task.recurrence && <CompletionHistory taskId={task.id} />}
      </li>
    );
  }

  const classes = ['task-item', completed && 'completed', due?.overdue && 'overdue'];
  return (
    // Focusable from script only: the list moves focus here when a neighbouring task goes away.
    <li
      ref={root}
      className={classes.filter(Boolean).join(' ')}
      data-testid="task-item"
      data-task-id={task.id}
      tabIndex={-1}
    >
      {editable ? (
        <input
          type="checkbox"
          className="toggle"
          data-shortcut="toggle"
          aria-label={`Completed: ${task.title}`}
          checked={completed}
          onChange={(e) => onToggle(e.target.checked)}
        />
      ) : (
        <span
          role="img"
          className={`toggle-readonly${completed ? ' done' : ''}`}
          aria-label={completed ? 'Completed' : 'Not completed'}
        >
          {completed ? '✓' : ''}
        </span>
      )}
      <div className="task-body">
        <div className="task-heading">
          <h3 className="task-title" data-testid="task-title">
            {task.title}
          </h3>
          <span className={`badge priority-${task.priority}`}>
            <span className="visually-hidden">Priority: </span>
            {PRIORITY_LABELS[task.priority]}
          </span>
          {task.recurrence && (
            <span
              role="img"
              className="repeats"
              aria-label="Repeats"
              title={describeRule(task.recurrence)}
            >
              <RepeatIcon />
            </span>
          )}
          <RemindersBadge task={task} timeZone={timeZone} now={now} />
        </div>
        {due && task.due_date && (
          <p className="due">
            <time dateTime={task.due_date} title={formatDateTime(task.due_date)}>
              {due.label}
            </time>
            {task.recurrence && !completed && (
              <span className="next-occurrence">
                {' · '}next: {formatShortDateTime(task.due_date, timeZone, now)}
              </span>
            )}
          </p>
        )}
        {(task.labels.length > 0 || assignee) && (
          <p className="task-meta">
            {task.labels.length > 0 && (
              <span className="labels">
                <span className="visually-hidden">Labels: </span>
                {task.labels.map((label) => (
                  <span key={label} className="label-chip" data-testid="task-label">
                    {label}
                  </span>
                ))}
              </span>
            )}
            {assignee && (
              <span className="assignee" data-testid="task-assignee">
                Assigned to {assignee}
              </span>
            )}
          </p>
        )}
        {task.description && <p className="description">{preview(task.description)}</p>}
        {toggle.isError && (
          <p role="alert" className="form-error">
            Could not update “{task.title}”: {taskWriteError(toggle.error)}
          </p>
        )}
        {remove.isError && (
          <p role="alert" className="form-error">
            Could not delete “{task.title}”:{' '}
            {isPreconditionFailed(remove.error)
              ? 'it was changed elsewhere — reloaded the latest version.'
              : taskWriteError(remove.error)}
          </p>
        )}
      </div>
      <div className="task-actions">
        {editable && (
          <>
            <button ref={editButton} type="button" data-shortcut="edit" onClick={openEditor}>
              Edit<span className="visually-hidden"> {task.title}</span>
            </button>
            <button type="button" data-shortcut="delete" onClick={onDelete}>
              Delete<span className="visually-hidden"> {task.title}</span>
            </button>
          </>
        )}
      </div>
    </li>
  );
}
