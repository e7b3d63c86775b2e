import { queryOptions, useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { apiClient } from '@/lib/api-client';
import type { FeedUrl } from '@/types/api';
import { dataKeys } from './keys';

export async function getCalendarFeed(): Promise<FeedUrl> {
  const response = await apiClient.get<FeedUrl>('/users/me/calendar');
  return response.data;
}

export async function rotateCalendarFeed(): Promise<FeedUrl> {
  const response = await apiClient.post<FeedUrl>('/users/me/calendar/rotate');
  return response.data;
}

export const getCalendarFeedQueryOptions = () =>
  queryOptions({ queryKey: dataKeys.calendarFeed(), queryFn: getCalendarFeed });

/** The secret feed address; the server makes it on the first request. */
export const useCalendarFeed = () => useQuery(getCalendarFeedQueryOptions());

/** A new address: the old one stops working at once. */
export function useRotateCalendarFeed() {
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: rotateCalendarFeed,
    onSuccess: (feed) => queryClient.setQueryData(getCalendarFeedQueryOptions().queryKey, feed),
  });
}
