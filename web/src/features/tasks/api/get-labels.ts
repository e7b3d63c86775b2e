import { queryOptions, useQuery } from '@tanstack/react-query';
import { apiClient } from '@/lib/api-client';
import type { LabelCount, LabelList } from '@/types/api';
import { taskKeys } from './keys';

export async function getLabels(): Promise<LabelCount[]> {
  const response = await apiClient.get<LabelList>('/labels');
  return response.data.items;
}

export const getLabelsQueryOptions = () =>
  queryOptions({ queryKey: taskKeys.labels(), queryFn: getLabels });

/** The labels on the tasks the caller can see, by name, each with how many tasks carry it. */
export const useLabels = () => useQuery(getLabelsQueryOptions());
