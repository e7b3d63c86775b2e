import { useState, type SubmitEvent } from 'react';
import { Link } from 'react-router';
import { Field } from '@/components/ui/field';
import { paths } from '@/config/paths';
import { toApiError } from '@/lib/api-error';
import type { User } from '@/types/api';
import { browserTimeZone } from '@/utils/time-zones';
import { passwordProblem } from '@/utils/validation';
import { useRegister } from '../api/register';

type Errors = { email?: string; password?: string; form?: string };

export function RegisterForm({ onSuccess }: { onSuccess: (user: User) => void }) {
  const [email, setEmail] = useState('');
  const [password, setPassword] = useState('');
  const [errors, setErrors] = useState<Errors>({});
  const register = useRegister({
    onSuccess,
  });

  const onSubmit = (event: SubmitEvent<HTMLFormElement>) => {
    event.preventDefault();
    const local: Errors = {
      email: email.trim() ? undefined : 'Enter your email address.',
      password: passwordProblem(password),
    };
    setErrors(local);
    if (local.email || local.password) return;
    register.mutate(
      // New users start in their own zone; they can change it on the profile page.
      { email: email.trim(), password, time_zone: browserTimeZone() },
      {
        onError: (error) => {
          const apiError = toApiError(error);
          if (apiError.code === 'conflict') {
            setErrors({ email: 'This email is already registered. Log in instead?' });
          } else {
            setErrors({
              email: apiError.fields.email,
              password: apiError.fields.password,
              form: Object.keys(apiError.fields).length ? undefined : apiError.message,
            });
          }
        },
      },
    );
  };

  return (
    <form onSubmit={onSubmit} aria-label="Register" noValidate>
      <Field label="Email" error={errors.email}>
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
      <Field label="Password" error={errors.password} hint="8 to 72 characters.">
        {(control) => (
          <input
            {...control}
            type="password"
            autoComplete="new-password"
            required
            value={password}
            onChange={(e) => setPassword(e.target.value)}
          />
        )}
      </Field>
      {errors.form && (
        <p role="alert" className="form-error">
          {errors.form}
        </p>
      )}
      <button type="submit" className="primary" disabled={register.isPending}>
        {register.isPending ? 'Creating account…' : 'Register'}
      </button>
      <p>
        Already registered? <Link to={paths.auth.login.path}>Log in</Link>
      </p>
    </form>
  );
}
