import { infiniteQueryOptions, useInfiniteQuery } from '@tanstack/react-query';
import { apiClient } from '@/lib/api-client';
import type { CompletionPage } from '@/types/api';
import { taskKeys } from './keys';

export const COMPLETION_PAGE_SIZE = 5;

export async function getCompletions(id: number, cursor: string | null): Promise<CompletionPage> {
  const response = await apiClient.get<CompletionPage>(`/tasks/${id}/completions`, {
    params: { limit: COMPLETION_PAGE_SIZE, ...(cursor ? { cursor } : {}) },
  });
  return response.data;
}

export const getCompletionsQueryOptions = (id: number) =>
  infiniteQueryOptions({
    queryKey: taskKeys.completions(id),
    queryFn: ({ pageParam }) => getCompletions(id, pageParam),
    initialPageParam: null as string | null,
    getNextPageParam: (lastPage) => lastPage.next_cursor,
  });

/** A task's completions, newest first. */
export const useCompletions = (id: number) => useInfiniteQuery(getCompletionsQueryOptions(id));
