import { useMutation, useQueryClient } from '@tanstack/react-query';
import { apiClient } from '@/lib/api-client';
import { logOutLocally } from '../utils/end-session';

export async function logout(): Promise<void> {
  // The refresh cookie alone is enough to end the session, so no refresh-and-retry here.
  await apiClient.post('/auth/logout', undefined, { skipAuthRefresh: true });
}

/**
 * Ends the session locally even when the server call fails: the user asked to leave. Their drafts
 * go too.
 */
export function useLogout({ onSettled }: { onSettled?: () => void } = {}) {
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: logout,
    onSettled: () => {
      logOutLocally(queryClient);
      onSettled?.();
    },
  });
}
