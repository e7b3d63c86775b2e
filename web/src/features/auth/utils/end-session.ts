import { useQueryClient, type QueryClient } from '@tanstack/react-query';
import { useCallback } from 'react';
import { clearDrafts } from '@/hooks/use-draft';
import { setAccessToken } from '@/lib/api-client';
import type { User } from '@/types/api';
import { authKeys } from '../api/keys';

/** Forgets the token and every cached answer of the user who was signed in. */
export function endSession(queryClient: QueryClient): void {
  setAccessToken(null);
  void queryClient.cancelQueries();
  queryClient.removeQueries({ predicate: (query) => query.queryKey[0] !== authKeys.all[0] });
  queryClient.setQueryData(authKeys.session(), null);
}

// Whose session ended without them asking, kept for this tab: the login page then says so, and
// the drafts they left (hooks/use-draft.ts) wait for them — for them only.
const SIGNED_OUT_KEY = 'tt:signed-out';

type SignedOut = { userId: number | null };

export function signedOutUser(): SignedOut | null {
  try {
    const raw = window.sessionStorage.getItem(SIGNED_OUT_KEY);
    return raw ? (JSON.parse(raw) as SignedOut) : null;
  } catch {
    return null;
  }
}

function forgetSignedOut(): void {
  try {
    window.sessionStorage.removeItem(SIGNED_OUT_KEY);
  } catch {
    // Storage unavailable: nothing was kept.
  }
}

/** A refused refresh: the session is over, but what the user was doing is not. */
export function expireSession(queryClient: QueryClient): void {
  const user = queryClient.getQueryData<User | null>(authKeys.session());
  // A second refusal (the live stream's own refresh) comes after the user is forgotten: it must
  // not forget whose drafts they are.
  const userId = user?.id ?? signedOutUser()?.userId ?? null;
  try {
    window.sessionStorage.setItem(SIGNED_OUT_KEY, JSON.stringify({ userId } satisfies SignedOut));
  } catch {
    // Storage unavailable: the login page is a plain one then.
  }
  endSession(queryClient);
}

/** The user asked to leave: nothing of theirs stays in the tab. */
export function logOutLocally(queryClient: QueryClient): void {
  clearDrafts();
  forgetSignedOut();
  endSession(queryClient);
}

/** For a session the user ended themself (logout everywhere, account deleted). */
export function useEndSession(): () => void {
  const queryClient = useQueryClient();
  return useCallback(() => logOutLocally(queryClient), [queryClient]);
}

/** Someone signed in: the drafts stay only if they are the one whose session ended. */
export function startSession(user: User): void {
  const before = signedOutUser();
  if (before?.userId !== user.id) clearDrafts();
  forgetSignedOut();
}
