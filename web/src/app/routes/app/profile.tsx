import { Link, useNavigate } from 'react-router';
import { paths } from '@/config/paths';
import { useSession, useSetSessionUser } from '@/features/auth/api/get-session';
import { useEndSession } from '@/features/auth/utils/end-session';
import { AccountActions } from '@/features/profile/components/account-actions';
import { CalendarFeed } from '@/features/data/components/calendar-feed';
import { ExportImport } from '@/features/data/components/export-import';
import { ChangePasswordForm } from '@/features/profile/components/change-password-form';
import { ProfileDetails } from '@/features/profile/components/profile-details';
import { TimeZoneForm } from '@/features/profile/components/time-zone-form';

export function ProfileRoute() {
  // The session's query is the one fetch of /users/me; ProtectedRoute has it loaded by now.
  const { data: user } = useSession();
  const setSessionUser = useSetSessionUser();
  const endSession = useEndSession();
  const navigate = useNavigate();
  const onSessionEnded = () => {
    endSession();
    void navigate(paths.auth.login.getHref(), { replace: true });
  };

  return (
    <>
      <h1>Profile</h1>
      <section className="card" aria-label="Account">
        {user && <ProfileDetails user={user} />}
      </section>
      {user && (
        <section className="card" aria-labelledby="time-zone-heading">
          <h2 id="time-zone-heading">Time zone</h2>
          <TimeZoneForm user={user} onSaved={setSessionUser} />
        </section>
      )}
      <section className="card" aria-labelledby="password-heading">
        <h2 id="password-heading">Change password</h2>
        <ChangePasswordForm />
      </section>
      <section className="card" aria-labelledby="api-tokens-heading">
        <h2 id="api-tokens-heading">API tokens</h2>
        <p>
          Let a script (a backup, an import from another tool) use the API without your password.
        </p>
        <Link to={paths.app.apiTokens.path}>Manage API tokens</Link>
      </section>
      <section className="card" aria-labelledby="calendar-heading">
        <h2 id="calendar-heading">Calendar</h2>
        <CalendarFeed />
      </section>
      <section className="card" aria-labelledby="data-heading">
        <h2 id="data-heading">Your data</h2>
        <ExportImport />
      </section>
      <div className="card">
        <AccountActions onSessionEnded={onSessionEnded} />
      </div>
    </>
  );
}
