import { useMutation, useQueryClient } from '@tanstack/react-query';
import { apiClient, setAccessToken } from '@/lib/api-client';
import type { Credentials, TokenResponse, User } from '@/types/api';
import { getCurrentUser } from './get-session';
import { startSession } from '../utils/end-session';
import { authKeys } from './keys';

export async function login(credentials: Credentials): Promise<User> {
  const response = await apiClient.post<TokenResponse>('/auth/login', credentials, {
    skipAuthRefresh: true,
  });
  setAccessToken(response.data.access_token, response.data.expires_in);
  return getCurrentUser();
}

export function useLogin() {
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: login,
    onSuccess: (user) => {
      startSession(user);
      queryClient.setQueryData(authKeys.session(), user);
    },
  });
}
