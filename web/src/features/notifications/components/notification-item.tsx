import { useId, useState } from 'react';
import { useUserTimeZone } from '@/hooks/use-user-time-zone';
import { errorMessage, toApiError } from '@/lib/api-error';
import type { Notification } from '@/types/api';
import { formatDateTime, formatShortDateTime } from '@/utils/dates';
import { useMarkNotificationRead } from '../api/mark-read';
import { useSnoozeNotification } from '../api/snooze';
import { useOpenTask } from '../hooks/use-open-task';
import { planSnooze, snoozeOptions } from '../utils/snooze';

function snoozeProblem(error: unknown): string {
  const { status } = toApiError(error);
  if (status === 409) return 'The task is already completed.';
  if (status === 404) return 'This reminder’s task is gone.';
  return errorMessage(error);
}

type Props = { notification: Notification; onOpenedTask?: (() => void) | undefined };

export function NotificationItem({ notification: n, onOpenedTask }: Props) {
  const timeZone = useUserTimeZone();
  const markRead = useMarkNotificationRead();
  const snooze = useSnoozeNotification();
  const [choosing, setChoosing] = useState(false);
  const [snoozedUntil, setSnoozedUntil] = useState<string | null>(null);
  const optionsId = useId();
  const openTask = useOpenTask();
  const [openProblem, setOpenProblem] = useState<string | null>(null);

  const onOpen = () => {
    setOpenProblem(null);
    openTask(n.task_id).then(
      () => onOpenedTask?.(),
      (error: unknown) =>
        setOpenProblem(
          toApiError(error).status === 404 ? 'This reminder’s task is gone.' : errorMessage(error),
        ),
    );
  };

  const onSnooze = ({ minutes, until }: { minutes: number; until: string }) => {
    snooze.mutate(
      { id: n.id, taskId: n.task_id, minutes },
      {
        onSuccess: () => {
          setChoosing(false);
          setSnoozedUntil(until);
        },
      },
    );
  };

  return (
    <li className={n.read_at ? 'read' : 'unread'}>
      <p>{n.message}</p>
      <small>
        <time dateTime={n.created_at}>{formatDateTime(n.created_at)}</time>
        {n.read_at ? ' · read' : ''}
      </small>
      <div className="notification-actions">
        <button type="button" onClick={onOpen}>
          Open task<span className="visually-hidden">: {n.message}</span>
        </button>
        {!n.read_at && (
          <button type="button" disabled={markRead.isPending} onClick={() => markRead.mutate(n.id)}>
            Mark read
          </button>
        )}
        <button
          type="button"
          aria-expanded={choosing}
          aria-controls={optionsId}
          onClick={() => setChoosing((c) => !c)}
        >
          Snooze
        </button>
        {choosing && (
          <div id={optionsId} role="group" aria-label="Snooze for" className="snooze-options">
            {snoozeOptions(timeZone).map((option) => (
              <button
                key={option.label}
                type="button"
                disabled={snooze.isPending}
                onClick={() => onSnooze(planSnooze(option))}
              >
                <span className="visually-hidden">{option.lead}</span> {option.label}
              </button>
            ))}
          </div>
        )}
      </div>
      {markRead.isError && (
        <p role="alert" className="form-error">
          {errorMessage(markRead.error)}
        </p>
      )}
      {openProblem && (
        <p role="alert" className="form-error">
          Could not open the task: {openProblem}
        </p>
      )}
      {snooze.isError && (
        <p role="alert" className="form-error">
          Could not snooze: {snoozeProblem(snooze.error)}
        </p>
      )}
      {snoozedUntil && (
        <p role="status" className="success">
          Snoozed until {formatShortDateTime(snoozedUntil, timeZone)}.
        </p>
      )}
    </li>
  );
}
