import { useMutation, useQueryClient } from '@tanstack/react-query';
import { apiClient } from '@/lib/api-client';
import type { Project, ProjectBody } from '@/types/api';
import { projectKeys } from './keys';

export type UpdateProjectVariables = { id: number; changes: ProjectBody };

export async function updateProject({ id, changes }: UpdateProjectVariables): Promise<Project> {
  const response = await apiClient.patch<Project>(`/projects/${id}`, changes);
  return response.data;
}

export function useUpdateProject() {
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: updateProject,
    onSuccess: () => queryClient.invalidateQueries({ queryKey: projectKeys.list() }),
  });
}
