import { useState, type SubmitEvent } from 'react';
import { Link } from 'react-router';
import { Field } from '@/components/ui/field';
import { paths } from '@/config/paths';
import { errorMessage, toApiError } from '@/lib/api-error';
import { useRequestPasswordReset } from '../api/password-reset';

export function ForgotPasswordPage() {
  const [email, setEmail] = useState('');
  const [emailError, setEmailError] = useState<string | undefined>();
  const request = useRequestPasswordReset();

  const onSubmit = (event: SubmitEvent<HTMLFormElement>) => {
    event.preventDefault();
    if (!email.trim()) {
      setEmailError('Enter your email address.');
      return;
    }
    setEmailError(undefined);
    request.mutate(
      { email: email.trim() },
      { onError: (error) => setEmailError(toApiError(error).fields.email) },
    );
  };

  return (
    <main className="page narrow">
      <h1>Reset your password</h1>
      {request.isSuccess ? (
        <p role="status" className="success">
          If an account exists for {email.trim()}, we sent it a link to choose a new password. It
          works once, and only for a while: use it soon.
        </p>
      ) : (
        <form onSubmit={onSubmit} aria-label="Reset password" noValidate>
          <p>
            Enter the email of your account and we will send you a link to choose a new password.
          </p>
          <Field label="Email" error={emailError}>
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
          {request.isError && !toApiError(request.error).fields.email && (
            <p role="alert" className="form-error">
              {errorMessage(request.error)}
            </p>
          )}
          <button type="submit" className="primary" disabled={request.isPending}>
            {request.isPending ? 'Sending…' : 'Send the link'}
          </button>
        </form>
      )}
      <p>
        <Link to={paths.auth.login.path}>Back to log in</Link>
      </p>
    </main>
  );
}
