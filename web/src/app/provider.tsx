import { QueryClientProvider } from '@tanstack/react-query';
import { useEffect, useState, type ReactNode } from 'react';
import { ErrorBoundary } from '@/components/errors/error-boundary';
import { expireSession } from '@/features/auth/utils/end-session';
import { onSessionExpired } from '@/lib/api-client';
import { createQueryClient } from '@/lib/react-query';

export function AppProvider({ children }: { children: ReactNode }) {
  const [queryClient] = useState(createQueryClient);

  // A refused refresh means the session is gone; protected routes then send the user to login,
  // which says why and brings them back, drafts kept, afterwards.
  useEffect(() => onSessionExpired(() => expireSession(queryClient)), [queryClient]);

  return (
    <ErrorBoundary>
      <QueryClientProvider client={queryClient}>{children}</QueryClientProvider>
    </ErrorBoundary>
  );
}
