import { useState } from 'react';
import { Navigate, useLocation, useSearchParams } from 'react-router';
import { ErrorState, Loading } from '@/components/ui/status';
import { safeRedirect } from '@/config/paths';
import { useSession } from '@/features/auth/api/get-session';
import { AppTagline } from '@/features/auth/components/app-tagline';
import { LoginForm } from '@/features/auth/components/login-form';
import { PasswordResetNotice } from '@/features/auth/components/password-reset-notice';
import { signedOutUser } from '@/features/auth/utils/end-session';
import { errorMessage } from '@/lib/api-error';

/** The register page passes the new account's email along in the navigation state. */
function registeredEmail(state: unknown): string {
  return typeof state === 'object' &&
    state !== null &&
    'registeredEmail' in state &&
    typeof state.registeredEmail === 'string'
    ? state.registeredEmail
    : '';
}

export function LoginRoute() {
  const session = useSession();
  const [searchParams] = useSearchParams();
  const location = useLocation();
  const newEmail = registeredEmail(location.state);
  // Read once: logging in forgets it, and the message should not vanish under the user first.
  const [signedOut] = useState(() => signedOutUser() !== null);

  if (session.isPending) return <Loading label="Restoring your session…" />;
  if (session.data) {
    return <Navigate to={safeRedirect(searchParams.get('redirectTo'))} replace />;
  }

  return (
    <main className="page narrow">
      <AppTagline />
      <h1>Log in</h1>
      {signedOut && (
        <p role="status" className="notice">
          You were signed out — sign in to continue.
        </p>
      )}
      {session.isError && (
        <ErrorState message={errorMessage(session.error)} onRetry={() => void session.refetch()} />
      )}
      {newEmail && (
        <p role="status" className="success">
          Account created. Log in to continue.
        </p>
      )}
      <PasswordResetNotice />
      <LoginForm initialEmail={newEmail} />
    </main>
  );
}
