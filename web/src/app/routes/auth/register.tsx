import { Navigate, useNavigate } from 'react-router';
import { Loading } from '@/components/ui/status';
import { paths } from '@/config/paths';
import { useSession } from '@/features/auth/api/get-session';
import { AppTagline } from '@/features/auth/components/app-tagline';
import { RegisterForm } from '@/features/auth/components/register-form';

export function RegisterRoute() {
  const session = useSession();
  const navigate = useNavigate();

  if (session.isPending) return <Loading label="Restoring your session…" />;
  // Home is the default view.
  if (session.data) return <Navigate to={paths.home.path} replace />;

  return (
    <main className="page narrow">
      <AppTagline />
      <h1>Create an account</h1>
      <RegisterForm
        onSuccess={({ user, signedIn }) => {
          // Registering logs in too; only if that login failed does the user do it by hand.
          if (signedIn) void navigate(paths.home.path, { replace: true });
          else void navigate(paths.auth.login.path, { state: { registeredEmail: user.email } });
        }}
      />
    </main>
  );
}
