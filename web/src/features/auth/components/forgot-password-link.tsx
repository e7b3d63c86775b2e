import { Link } from 'react-router';
import { paths } from '@/config/paths';
import { useServerInfo } from '../api/get-server-info';

/** Shown only when the server sends email: without it no reset link could arrive. */
export function ForgotPasswordLink() {
  const server = useServerInfo();
  if (!server.data?.email_enabled) return null;
  return (
    <p>
      <Link to={paths.auth.forgotPassword.path}>Forgot password?</Link>
    </p>
  );
}
