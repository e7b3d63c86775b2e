import { useState, type SubmitEvent } from 'react';
import { Link } from 'react-router';
import { Field } from '@/components/ui/field';
import { paths } from '@/config/paths';
import { errorMessage } from '@/lib/api-error';
import { useLogin } from '../api/login';
import { ForgotPasswordLink } from './forgot-password-link';

export function LoginForm({ initialEmail = '' }: { initialEmail?: string }) {
  const [email, setEmail] = useState(initialEmail);
  const [password, setPassword] = useState('');
  const login = useLogin();

  const onSubmit = (event: SubmitEvent<HTMLFormElement>) => {
    event.preventDefault();
    login.mutate({ email: email.trim(), password });
  };

  return (
    <form onSubmit={onSubmit} aria-label="Log in" noValidate>
      <Field label="Email">
        {(control) => (
          <input
            {...control}
            type="email"
            autoComplete="email"
            required
            value={email}
            onChange={(e) => setEmail(e.target.value)}
          />
        )}
      </Field>
      <Field label="Password">
        {(control) => (
          <input
            {...control}
            type="password"
            autoComplete="current-password"
            required
            value={password}
            onChange={(e) => setPassword(e.target.value)}
          />
        )}
      </Field>
      {login.isError && (
        <p role="alert" className="form-error">
          {errorMessage(login.error)}
        </p>
      )}
      <button type="submit" className="primary" disabled={login.isPending}>
        {login.isPending ? 'Logging in…' : 'Log in'}
      </button>
      <ForgotPasswordLink />
      <p>
        No account yet? <Link to={paths.auth.register.path}>Create one</Link>
      </p>
    </form>
  );
}
