import { useRef, useState, type SubmitEvent } from 'react';
import { Link } from 'react-router';
import { Field } from '@/components/ui/field';
import { paths } from '@/config/paths';
import { errorMessage, toApiError } from '@/lib/api-error';
import { emailProblem } from '@/utils/validation';
import { useLogin } from '../api/login';
import { ForgotPasswordLink } from './forgot-password-link';

type Errors = { email?: string | undefined; password?: string | undefined };

export function LoginForm({ initialEmail = '' }: { initialEmail?: string }) {
  const [email, setEmail] = useState(initialEmail);
  const [password, setPassword] = useState('');
  const [errors, setErrors] = useState<Errors>({});
  const emailRef = useRef<HTMLInputElement>(null);
  const passwordRef = useRef<HTMLInputElement>(null);
  const login = useLogin();

  const onSubmit = (event: SubmitEvent<HTMLFormElement>) => {
    event.preventDefault();
    const local: Errors = {
      email: emailProblem(email),
      password: password ? undefined : 'Enter your password.',
    };
    setErrors(local);
    // Every problem at once; focus on the first, where the user starts fixing.
    if (local.email) emailRef.current?.focus();
    else if (local.password) passwordRef.current?.focus();
    if (local.email || local.password) return;
    login.mutate(
      { email: email.trim(), password },
      {
        onError: (error) => {
          const { fields } = toApiError(error);
          if (fields.email) emailRef.current?.focus();
          // Wrong credentials: the password is the likelier mistake, and is typed again anyway.
          else passwordRef.current?.select();
        },
      },
    );
  };

  return (
    <form onSubmit={onSubmit} aria-label="Log in" noValidate>
      <Field label="Email" error={errors.email}>
        {(control) => (
          <input
            {...control}
            ref={emailRef}
            type="email"
            autoComplete="email"
            required
            value={email}
            onChange={(e) => setEmail(e.target.value)}
          />
        )}
      </Field>
      <Field label="Password" error={errors.password}>
        {(control) => (
          <input
            {...control}
            ref={passwordRef}
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
