import { apiClient } from '@/lib/api-client';
import type { Task } from '@/types/api';

/** The task a notification is about: its title for the system notification, its project for links. */
export async function getNotificationTask(taskId: number): Promise<Task> {
  const response = await apiClient.get<Task>(`/tasks/${taskId}`);
  return response.data;
}
