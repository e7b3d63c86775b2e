import { useLocation } from 'react-router';

/** The reset page passes `passwordReset: true` along when it sends the user to log in. */
export function passwordWasReset(state: unknown): boolean {
  return (
    typeof state === 'object' &&
    state !== null &&
    'passwordReset' in state &&
    state.passwordReset === true
  );
}

export function PasswordResetNotice() {
  const location = useLocation();
  if (!passwordWasReset(location.state)) return null;
  return (
    <p role="status" className="success">
      Your password is changed and every device was logged out. Log in with your new password.
    </p>
  );
}
