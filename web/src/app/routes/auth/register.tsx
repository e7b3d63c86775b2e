import { Navigate, useNavigate } from 'react-router';
import { Loading } from '@/components/ui/status';
import { paths } from '@/config/paths';
import { useSession } from '@/features/auth/api/get-session';
import { RegisterForm } from '@/features/auth/components/register-form';

export function RegisterRoute() {
  const session = useSession();
  const navigate = useNavigate();

  if (session.isPending) return <Loading label="Restoring your session…" />;
  if (session.data) return <Navigate to={paths.app.tasks.path} replace />;

  return (
    <main className="page narrow">
      <h1>Create an account</h1>
      <RegisterForm
        onSuccess={(user) =>
          void navigate(paths.auth.login.path, { state: { registeredEmail: user.email } })
        }
      />
    </main>
  );
}
