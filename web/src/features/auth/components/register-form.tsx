import { useRef, useState, type SubmitEvent } from 'react';
import { Link } from 'react-router';
import { Field } from '@/components/ui/field';
import { paths } from '@/config/paths';
import { toApiError } from '@/lib/api-error';
import { browserTimeZone } from '@/utils/time-zones';
import { emailProblem, passwordProblem } from '@/utils/validation';
import { useRegister, type Registered } from '../api/register';

type Errors = { email?: string | undefined; password?: string | undefined; form?: string };

export function RegisterForm({ onSuccess }: { onSuccess: (result: Registered) => void }) {
  const [email, setEmail] = useState('');
  const [password, setPassword] = useState('');
  const [errors, setErrors] = useState<Errors>({});
  const emailRef = useRef<HTMLInputElement>(null);
  const passwordRef = useRef<HTMLInputElement>(null);
  const register = useRegister({ onSuccess });

  // Every problem is shown at once; focus goes to the first, where the user starts fixing.
  const show = (next: Errors) => {
    setErrors(next);
    if (next.email) emailRef.current?.focus();
    else if (next.password) passwordRef.current?.focus();
  };

  const onSubmit = (event: SubmitEvent<HTMLFormElement>) => {
    event.preventDefault();
    const local: Errors = { email: emailProblem(email), password: passwordProblem(password) };
    if (local.email || local.password) {
      show(local);
      return;
    }
    setErrors({});
    register.mutate(
      // New users start in their own zone; they can change it on the profile page.
      { email: email.trim(), password, time_zone: browserTimeZone() },
      {
        onError: (error) => {
          const apiError = toApiError(error);
          if (apiError.code === 'conflict') {
            show({ email: 'This email is already registered. Log in instead?' });
          } else {
            // The server's words are terse ("not a valid email"): the fields get plain ones.
            const { email: emailError, password: passwordError, ...others } = apiError.fields;
            const rest = Object.values(others).join(' ');
            const fieldErrors = Boolean(emailError ?? passwordError);
            show({
              email: emailError && 'Enter an email address like name@example.com.',
              password:
                passwordError && (passwordProblem(password) ?? `Password ${passwordError}.`),
              ...(rest || !fieldErrors ? { form: rest || apiError.message } : {}),
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
            ref={emailRef}
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
            ref={passwordRef}
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
