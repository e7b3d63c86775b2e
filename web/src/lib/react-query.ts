import { QueryClient, type DefaultOptions } from '@tanstack/react-query';
import { toApiError } from '@/lib/api-error';

const MAX_RETRIES = 2;

export const queryConfig = {
  queries: {
    staleTime: 30_000,
    refetchOnWindowFocus: false,
    // Retrying a 4xx cannot help; a dropped connection or a 503 may clear up.
    retry: (failureCount, error) => {
      const { status } = toApiError(error);
      return failureCount < MAX_RETRIES && (status === null || status >= 500);
    },
  },
  mutations: { retry: false },
} satisfies DefaultOptions;

export function createQueryClient(): QueryClient {
  return new QueryClient({ defaultOptions: queryConfig });
}
