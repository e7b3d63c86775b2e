import { useMutation, useQueryClient } from '@tanstack/react-query';
import { apiClient } from '@/lib/api-client';
import type { Project, ProjectBody } from '@/types/api';
import { projectKeys } from './keys';

export type CreateProjectInput = ProjectBody & { name: string };

export async function createProject(input: CreateProjectInput): Promise<Project> {
  const response = await apiClient.post<Project>('/projects', input);
  return response.data;
}

export function useCreateProject() {
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: createProject,
    onSuccess: () => queryClient.invalidateQueries({ queryKey: projectKeys.list() }),
  });
}
