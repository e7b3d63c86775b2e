import { queryOptions, useQuery } from '@tanstack/react-query';
import { apiClient } from '@/lib/api-client';
import type { OccurrenceList, OccurrencePreviewParams } from '@/types/api';
import { taskKeys } from './keys';

export const PREVIEW_LENGTH = 5;

export async function getOccurrencePreview(params: OccurrencePreviewParams): Promise<string[]> {
  const response = await apiClient.get<OccurrenceList>('/occurrences', { params });
  return response.data.items;
}

export const getOccurrencePreviewQueryOptions = (params: OccurrencePreviewParams) =>
  queryOptions({
    queryKey: taskKeys.occurrencePreview(params),
    queryFn: () => getOccurrencePreview(params),
    // The same rule, date and zone always give the same series.
    staleTime: Infinity,
  });

/** The next occurrences of a rule from `due_date`; `null` while there is nothing to preview. */
export const useOccurrencePreview = (params: OccurrencePreviewParams | null) =>
  useQuery({
    ...getOccurrencePreviewQueryOptions(params ?? { recurrence: '', due_date: '', time_zone: '' }),
    enabled: params !== null,
  });
