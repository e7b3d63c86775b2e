import { useCallback } from 'react';
import { useNavigate } from 'react-router';
import { paths } from '@/config/paths';
import { getNotificationTask } from '../api/get-notification-task';

/** Where a notification about a task leads: its project's list, that task opened. */
export function taskHref(task: { id: number; project_id: number }): string {
  return `${paths.app.project.getHref(task.project_id)}?task=${task.id}`;
}

/** Opens a notification's task; rejects if it cannot be loaded (gone, or no longer shared). */
export function useOpenTask(): (taskId: number) => Promise<void> {
  const navigate = useNavigate();
  return useCallback(
    async (taskId: number) => {
      const task = await getNotificationTask(taskId);
      await navigate(taskHref(task));
    },
    [navigate],
  );
}
