import { useMutation, useQueryClient } from '@tanstack/react-query';
import { apiClient } from '@/lib/api-client';
import type { Registration, User } from '@/types/api';
import { startSession } from '../utils/end-session';
import { authKeys } from './keys';
import { login } from './login';

export async function register(registration: Registration): Promise<User> {
  const response = await apiClient.post<User>('/auth/register', registration, {
    skipAuthRefresh: true,
  });
  return response.data;
}

/** The new account, and whether the login that follows it worked (it signs the user in). */
export type Registered = { user: User; signedIn: boolean };

/**
 * Registers, then logs in with the same credentials, so a new user lands in the app at once. A
 * login that fails after the account was made (rate limits, network) leaves the account: the
 * user logs in by hand.
 */
export async function registerAndLogin(registration: Registration): Promise<Registered> {
  const user = await register(registration);
  try {
    const signedIn = await login({ email: registration.email, password: registration.password });
    return { user: signedIn, signedIn: true };
  } catch {
    return { user, signedIn: false };
  }
}

export function useRegister({ onSuccess }: { onSuccess?: (result: Registered) => void } = {}) {
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: registerAndLogin,
    onSuccess: (result) => {
      if (result.signedIn) {
        startSession(result.user);
        queryClient.setQueryData(authKeys.session(), result.user);
      }
      onSuccess?.(result);
    },
  });
}
