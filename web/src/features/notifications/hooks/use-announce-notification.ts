import { useCallback } from 'react';
import { useNavigate } from 'react-router';
import { formatDateTime } from '@/utils/dates';
import { getNotificationTask } from '../api/get-notification-task';
import { claimNotification, desktopState } from '../utils/desktop';
import { taskHref } from './use-open-task';

/** What the live stream says of a notification: ids only. */
export type NotificationEventData = { id: number; task_id: number };

/**
 * Shows a reminder that arrived over the live stream as a system notification, when the user
 * turned those on: once per notification however many tabs are open. Clicking it brings this tab
 * forward with the task open.
 */
export function useAnnounceNotification(): (event: NotificationEventData) => void {
  const navigate = useNavigate();
  return useCallback(
    (event: NotificationEventData) => {
      if (desktopState() !== 'on') return;
      void (async () => {
        if (!(await claimNotification(event.id))) return;
        // The event carries ids only: the task gives the words and the link.
        const task = await getNotificationTask(event.task_id);
        const shown = new Notification(`Reminder: ${task.title}`, {
          body: task.due_date ? `Due ${formatDateTime(task.due_date)}` : 'Task Tracker',
          tag: String(event.id),
        });
        shown.onclick = () => {
          window.focus();
          shown.close();
          void navigate(taskHref(task));
        };
      })().catch(() => {
        // The task is gone or unreachable: the bell still lists the reminder.
      });
    },
    [navigate],
  );
}
