import { useState, type SubmitEvent } from 'react';
import { Field } from '@/components/ui/field';
import { toApiError } from '@/lib/api-error';
import { passwordProblem } from '@/utils/validation';
import { useChangePassword } from '../api/change-password';

type Errors = { current?: string; next?: string; form?: string };

export function ChangePasswordForm() {
  const [current, setCurrent] = useState('');
  const [next, setNext] = useState('');
  const [errors, setErrors] = useState<Errors>({});
  const [done, setDone] = useState(false);
  const changePassword = useChangePassword();

  const onSubmit = (event: SubmitEvent<HTMLFormElement>) => {
    event.preventDefault();
    setDone(false);
    const local: Errors = {
      current: current ? undefined : 'Enter your current password.',
      next: passwordProblem(next),
    };
    setErrors(local);
    if (local.current || local.next) return;
    changePassword.mutate(
      { current_password: current, new_password: next },
      {
        onSuccess: () => {
          setCurrent('');
          setNext('');
          setDone(true);
        },
        onError: (error) => {
          const apiError = toApiError(error);
          if (apiError.status === 401) {
            setErrors({ current: 'That is not your current password.' });
            return;
          }
          setErrors({
            current: apiError.fields.current_password,
            next: apiError.fields.new_password,
            form: Object.keys(apiError.fields).length ? undefined : apiError.message,
          });
        },
      },
    );
  };

  return (
    <form onSubmit={onSubmit} aria-label="Change password" noValidate>
      <Field label="Current password" error={errors.current}>
        {(control) => (
          <input
            {...control}
            type="password"
            autoComplete="current-password"
            value={current}
            onChange={(e) => setCurrent(e.target.value)}
          />
        )}
      </Field>
      <Field label="New password" error={errors.next} hint="8 to 72 characters.">
        {(control) => (
          <input
            {...control}
            type="password"
            autoComplete="new-password"
            value={next}
            onChange={(e) => setNext(e.target.value)}
          />
        )}
      </Field>
      {errors.form && (
        <p role="alert" className="form-error">
          {errors.form}
        </p>
      )}
      {done && (
        <p role="status" className="success">
          Password changed. Your other devices have been logged out.
        </p>
      )}
      <button type="submit" disabled={changePassword.isPending}>
        {changePassword.isPending ? 'Changing…' : 'Change password'}
      </button>
    </form>
  );
}
