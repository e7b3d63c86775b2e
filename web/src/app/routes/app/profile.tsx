import { useNavigate } from 'react-router';
import { paths } from '@/config/paths';
import { useEndSession } from '@/features/auth/utils/end-session';
import { AccountActions } from '@/features/profile/components/account-actions';
import { ChangePasswordForm } from '@/features/profile/components/change-password-form';
import { ProfileDetails } from '@/features/profile/components/profile-details';

export function ProfileRoute() {
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
        <ProfileDetails />
      </section>
      <section className="card" aria-labelledby="password-heading">
        <h2 id="password-heading">Change password</h2>
        <ChangePasswordForm />
      </section>
      <div className="card">
        <AccountActions onSessionEnded={onSessionEnded} />
      </div>
    </>
  );
}
