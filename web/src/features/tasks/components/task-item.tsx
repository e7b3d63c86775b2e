import { useState } from 'react';
import { errorMessage } from '@/lib/api-error';
import type { Task } from '@/types/api';
import { formatDateTime, formatDue } from '@/utils/dates';
import { useDeleteTask } from '../api/delete-task';
import { useToggleTask } from '../api/toggle-task';
import { EditTaskForm } from './edit-task-form';

const PREVIEW_LENGTH = 140;

function preview(text: string): string {
  return text.length > PREVIEW_LENGTH ? `${text.slice(0, PREVIEW_LENGTH).trimEnd()}…` : text;
}

type Mode = 'view' | 'edit' | 'confirm-delete';

export function TaskItem({ task, now }: { task: Task; now: number }) {
  const [mode, setMode] = useState<Mode>('view');
  const toggle = useToggleTask();
  const remove = useDeleteTask();
  const due = task.due_date ? formatDue(task.due_date, now, task.completed) : null;

  if (mode === 'edit') {
    return (
      <li className="task-item editing" data-testid="task-item">
        <EditTaskForm task={task} onDone={() => setMode('view')} />
      </li>
    );
  }

  const classes = ['task-item', task.completed && 'completed', due?.overdue && 'overdue'];
  return (
    <li className={classes.filter(Boolean).join(' ')} data-testid="task-item">
      <input
        type="checkbox"
        className="toggle"
        aria-label={`Completed: ${task.title}`}
        checked={task.completed}
        onChange={(e) => toggle.mutate({ id: task.id, completed: e.target.checked })}
      />
      <div className="task-body">
        <div className="task-heading">
          <h3 className="task-title" data-testid="task-title">
            {task.title}
          </h3>
          <span className={`badge priority-${task.priority}`}>
            <span className="visually-hidden">Priority: </span>
            {task.priority}
          </span>
          {task.remind_at && (
            <span
              role="img"
              className="reminder"
              aria-label={`Reminder ${task.reminded_at ? 'sent' : 'set'} for ${formatDateTime(task.remind_at)}`}
              title={`Reminder: ${formatDateTime(task.remind_at)}`}
            >
              🔔
            </span>
          )}
        </div>
        {due && task.due_date && (
          <p className="due">
            <time dateTime={task.due_date} title={formatDateTime(task.due_date)}>
              {due.label}
            </time>
          </p>
        )}
        {task.description && <p className="description">{preview(task.description)}</p>}
        {toggle.isError && (
          <p role="alert" className="form-error">
            Could not update “{task.title}”: {errorMessage(toggle.error)}
          </p>
        )}
        {remove.isError && (
          <p role="alert" className="form-error">
            Could not delete “{task.title}”: {errorMessage(remove.error)}
          </p>
        )}
      </div>
      <div className="task-actions">
        {mode === 'confirm-delete' ? (
          <div role="group" aria-label={`Confirm deleting ${task.title}`} className="confirm">
            <span>Delete this task?</span>
            <button
              type="button"
              className="danger"
              autoFocus
              disabled={remove.isPending}
              onClick={() => remove.mutate(task.id, { onError: () => setMode('view') })}
            >
              Yes, delete
            </button>
            <button type="button" onClick={() => setMode('view')}>
              Cancel
            </button>
          </div>
        ) : (
          <>
            <button type="button" onClick={() => setMode('edit')}>
              Edit<span className="visually-hidden"> {task.title}</span>
            </button>
            <button type="button" onClick={() => setMode('confirm-delete')}>
              Delete<span className="visually-hidden"> {task.title}</span>
            </button>
          </>
        )}
      </div>
    </li>
  );
}
