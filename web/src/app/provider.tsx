import { PersistQueryClientProvider } from '@tanstack/react-query-persist-client';
import { useEffect, useState, type ReactNode } from 'react';
import { ErrorBoundary } from '@/components/errors/error-boundary';
import { expireSession } from '@/features/auth/utils/end-session';
import { onSessionExpired } from '@/lib/api-client';
import { createQueryClient } from '@/lib/react-query';
import { forgetOnSignOut, persistOptions, syncOnlineState } from './offline/query-persistence';

export function AppProvider({ children }: { children: ReactNode }) {
  const [queryClient] = useState(createQueryClient);

  // A refused refresh means the session is gone; protected routes then send the user to login,
  // which says why and brings them back, drafts kept, afterwards.
  useEffect(() => onSessionExpired(() => expireSession(queryClient)), [queryClient]);
  // The last data read is kept on this device, to be shown read-only without a network.
  useEffect(() => forgetOnSignOut(queryClient), [queryClient]);
  useEffect(syncOnlineState, []);

  return (
    <ErrorBoundary>
      <PersistQueryClientProvider client={queryClient} persistOptions={persistOptions}>
        {children}
      </PersistQueryClientProvider>
    </ErrorBoundary>
  );
}
