import type { ReactNode } from 'react';
import { Navigate, useLocation } from 'react-router';
import { ErrorState, Loading } from '@/components/ui/status';
import { paths } from '@/config/paths';
import { errorMessage } from '@/lib/api-error';
import { useSession } from '../api/get-session';

/** Renders its children for a signed-in user; anyone else goes to login and comes back after. */
export function ProtectedRoute({ children }: { children: ReactNode }) {
  const session = useSession();
  const location = useLocation();

  if (session.isPending) return <Loading label="Restoring your session…" />;
  if (session.isError) {
    return (
      <ErrorState message={errorMessage(session.error)} onRetry={() => void session.refetch()} />
    );
  }
  if (!session.data) {
    const here = `${location.pathname}${location.search}${location.hash}`;
    return <Navigate to={paths.auth.login.getHref(here)} replace />;
  }
  return children;
}
