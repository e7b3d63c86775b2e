import { useState } from 'react';
import { EmptyState, ErrorState, Loading } from '@/components/ui/status';
import { useNow } from '@/hooks/use-now';
import { useUserTimeZone } from '@/hooks/use-user-time-zone';
import { errorMessage } from '@/lib/api-error';
import { formatShortDateTime } from '@/utils/dates';
import { useApiTokens } from '../api/get-api-tokens';
import { useRevokeApiToken } from '../api/revoke-api-token';
import type { ApiToken } from '../types';

function TokenRow({ token, now }: { token: ApiToken; now: number }) {
  const timeZone = useUserTimeZone();
  const revoke = useRevokeApiToken();
  const [confirming, setConfirming] = useState(false);
  const when = (iso: string) => (
    <time dateTime={iso}>{formatShortDateTime(iso, timeZone, now)}</time>
  );
  const expired = token.expires_at !== null && Date.parse(token.expires_at) <= now;

  return (
    <tr>
      <th scope="row">{token.name}</th>
      <td>
        <ul className="token-scopes" aria-label={`Scopes of ${token.name}`}>
          {token.scopes.map((scope) => (
            <li key={scope}>
              <code>{scope}</code>
            </li>
          ))}
        </ul>
      </td>
      <td>{when(token.created_at)}</td>
      <td>
        {token.expires_at === null ? (
          'never'
        ) : expired ? (
          <span className="expired">expired {when(token.expires_at)}</span>
        ) : (
          when(token.expires_at)
        )}
      </td>
      <td>{token.last_used_at === null ? 'never' : when(token.last_used_at)}</td>
      <td>
        {confirming ? (
          <div role="group" aria-label={`Confirm revoking ${token.name}`} className="confirm">
            <span>Scripts using it stop working at once.</span>
            <button
              type="button"
              className="danger"
              autoFocus
              disabled={revoke.isPending}
              onClick={() => revoke.mutate(token.id)}
            >
              Yes, revoke
            </button>
            <button
              type="button"
              onClick={() => {
                revoke.reset();
                setConfirming(false);
              }}
            >
              Cancel
            </button>
          </div>
        ) : (
          <button
            type="button"
            className="danger"
            aria-label={`Revoke ${token.name}`}
            onClick={() => setConfirming(true)}
          >
            Revoke
          </button>
        )}
        {revoke.isError && (
          <p role="alert" className="form-error">
            Could not revoke “{token.name}”: {errorMessage(revoke.error)}
          </p>
        )}
      </td>
    </tr>
  );
}

/** The caller's tokens, with when each was last used, and a way to revoke each. */
export function ApiTokenList() {
  const tokens = useApiTokens();
  const now = useNow();

  if (tokens.isPending) return <Loading label="Loading your API tokens…" />;
  if (tokens.isError) {
    return (
      <ErrorState message={errorMessage(tokens.error)} onRetry={() => void tokens.refetch()} />
    );
  }
  if (tokens.data.length === 0) {
    return (
      <EmptyState>No API tokens yet. Scripts can use one instead of your password.</EmptyState>
    );
  }
  return (
    <div className="table-scroll">
      <table className="token-table" aria-label="Your API tokens">
        <thead>
          <tr>
            <th scope="col">Name</th>
            <th scope="col">Scopes</th>
            <th scope="col">Created</th>
            <th scope="col">Expires</th>
            <th scope="col">Last used</th>
            <th scope="col">
              <span className="visually-hidden">Actions</span>
            </th>
          </tr>
        </thead>
        <tbody>
          {tokens.data.map((token) => (
            <TokenRow key={token.id} token={token} now={now} />
          ))}
        </tbody>
      </table>
    </div>
  );
}
