import { Link } from 'react-router';
import { paths } from '@/config/paths';
import { ApiTokensPanel } from '@/features/api-tokens/components/api-tokens-panel';

export function ApiTokensRoute() {
  return (
    <>
      <p className="breadcrumb">
        <Link to={paths.app.profile.path}>Profile</Link>
      </p>
      <h1>API tokens</h1>
      <p>
        A token lets a script use the API as you, without your password, within the scopes you give
        it. It is sent as <code>Authorization: Bearer tt_…</code>, and never works for logging in or
        for changing your account.
      </p>
      <ApiTokensPanel />
    </>
  );
}
