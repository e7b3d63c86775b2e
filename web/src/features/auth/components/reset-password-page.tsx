import { useEffect, useState, type SubmitEvent } from 'react';
import { Link, useLocation, useNavigate } from 'react-router';
import { Field } from '@/components/ui/field';
import { paths } from '@/config/paths';
import { toApiError } from '@/lib/api-error';
import { passwordProblem } from '@/utils/validation';
import { useConfirmPasswordReset } from '../api/password-reset';

type Errors = { password?: string; repeat?: string; form?: string };

/** The token travels in the fragment (`#token=…`), which browsers never send to a server. */
export function tokenFromHash(hash: string): string {
  return new URLSearchParams(hash.replace(/^#/, '')).get('token') ?? '';
}

export function ResetPasswordPage() {
  const location = useLocation();
  const navigate = useNavigate();
  const [token] = useState(() => tokenFromHash(location.hash));
  // Read once, the token leaves the address bar and this history entry, where whoever uses the
  // browser next could find it (a reload then asks for the emailed link again).
  useEffect(() => {
    if (location.hash) {
      void navigate({ pathname: location.pathname, search: location.search }, { replace: true });
    }
  }, [location.hash, location.pathname, location.search, navigate]);
  const [password, setPassword] = useState('');
  const [repeat, setRepeat] = useState('');
  const [errors, setErrors] = useState<Errors>({});
  const confirm = useConfirmPasswordReset({
    onSuccess: () => void navigate(paths.auth.login.path, { state: { passwordReset: true } }),
  });

  if (!token) {
    return (
      <main className="page narrow">
        <h1>Choose a new password</h1>
        <p role="alert" className="form-error">
          This link has no reset token. Open the link from the email again, or ask for a new one.
        </p>
        <p>
          <Link to={paths.auth.forgotPassword.path}>Ask for a new link</Link>
        </p>
      </main>
    );
  }

  const onSubmit = (event: SubmitEvent<HTMLFormElement>) => {
    event.preventDefault();
    const local: Errors = {
      password: passwordProblem(password),
      repeat: password === repeat ? undefined : 'The two passwords differ.',
    };
    setErrors(local);
    if (local.password || local.repeat) return;
    confirm.mutate(
      { token, new_password: password },
      {
        onError: (error) => {
          const apiError = toApiError(error);
          setErrors({
            password: apiError.fields.new_password,
            form:
              apiError.code === 'bad_request'
                ? 'This link is invalid, already used or expired. Ask for a new one.'
                : apiError.fields.new_password
                  ? undefined
                  : apiError.message,
          });
        },
      },
    );
  };

  const linkRefused = confirm.isError && toApiError(confirm.error).code === 'bad_request';
  return (
    <main className="page narrow">
      <h1>Choose a new password</h1>
      <form onSubmit={onSubmit} aria-label="Choose a new password" noValidate>
        <Field label="New password" error={errors.password} hint="8 to 72 characters.">
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
        <Field label="Repeat the new password" error={errors.repeat}>
          {(control) => (
            <input
              {...control}
              type="password"
              autoComplete="new-password"
              required
              value={repeat}
              onChange={(e) => setRepeat(e.target.value)}
            />
          )}
        </Field>
        {errors.form && (
          <p role="alert" className="form-error">
            {errors.form}
          </p>
        )}
        <button type="submit" className="primary" disabled={confirm.isPending}>
          {confirm.isPending ? 'Saving…' : 'Set the new password'}
        </button>
      </form>
      {linkRefused && (
        <p>
          <Link to={paths.auth.forgotPassword.path}>Ask for a new link</Link>
        </p>
      )}
    </main>
  );
}
