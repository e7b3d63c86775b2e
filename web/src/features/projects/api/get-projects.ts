import { queryOptions, useQuery } from '@tanstack/react-query';
import { apiClient } from '@/lib/api-client';
import type { Project, ProjectList } from '@/types/api';
import { sortProjects } from '../utils/sort';
import { projectKeys } from './keys';

export async function getProjects(): Promise<Project[]> {
  const response = await apiClient.get<ProjectList>('/projects');
  return sortProjects(response.data.items);
}

export const getProjectsQueryOptions = () =>
  queryOptions({ queryKey: projectKeys.list(), queryFn: getProjects });

/** The caller's projects: the inbox first, then by name. */
export const useProjects = () => useQuery(getProjectsQueryOptions());
