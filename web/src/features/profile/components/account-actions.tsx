import { useState, type SubmitEvent } from 'react';
import { Field } from '@/components/ui/field';
import { errorMessage, toApiError } from '@/lib/api-error';
import { useDeleteAccount } from '../api/delete-account';
import { useLogoutAll } from '../api/logout-all';

/** Both actions end the session; the caller decides what that means for the app. */
export function AccountActions({ onSessionEnded }: { onSessionEnded: () => void }) {
  const logoutAll = useLogoutAll({ onSuccess: onSessionEnded });
  const deleteAccount = useDeleteAccount({ onSuccess: onSessionEnded });
  const [confirming, setConfirming] = useState(false);
  const [password, setPassword] = useState('');

  const onDelete = (event: SubmitEvent<HTMLFormElement>) => {
    event.preventDefault();
    if (password) deleteAccount.mutate({ password });
  };

  const deleteError = deleteAccount.isError
    ? toApiError(deleteAccount.error).status === 401
      ? 'That password is not right.'
      : errorMessage(deleteAccount.error)
    : undefined;

  return (
    <>
      <section aria-labelledby="sessions-heading">
        <h2 id="sessions-heading">Sessions</h2>
        <p>Log out on every device and browser, including this one.</p>
        {logoutAll.isError && (
          <p role="alert" className="form-error">
            {errorMessage(logoutAll.error)}
          </p>
        )}
        <button type="button" disabled={logoutAll.isPending} onClick={() => logoutAll.mutate()}>
          {logoutAll.isPending ? 'Logging out…' : 'Log out everywhere'}
        </button>
      </section>
      <section aria-labelledby="delete-heading" className="danger-zone">
        <h2 id="delete-heading">Delete account</h2>
        <p>This deletes your account with all its tasks and notifications. It cannot be undone.</p>
        {confirming ? (
          <form onSubmit={onDelete} aria-label="Delete account" noValidate>
            <Field label="Confirm with your password" error={deleteError}>
              {(control) => (
                <input
                  {...control}
                  type="password"
                  autoComplete="current-password"
                  value={password}
                  onChange={(e) => setPassword(e.target.value)}
                />
              )}
            </Field>
            <div className="actions">
              <button
                type="submit"
                className="danger"
                disabled={!password || deleteAccount.isPending}
              >
                {deleteAccount.isPending ? 'Deleting…' : 'Delete my account'}
              </button>
              <button type="button" onClick={() => setConfirming(false)}>
                Cancel
              </button>
            </div>
          </form>
        ) : (
          <button type="button" className="danger" onClick={() => setConfirming(true)}>
            Delete account…
          </button>
        )}
      </section>
    </>
  );
}
