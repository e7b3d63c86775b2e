import { NavLink, Outlet, useNavigate } from 'react-router';
import { useReminderRefresh } from '@/app/hooks/use-reminder-refresh';
import { paths } from '@/config/paths';
import { useLogout } from '@/features/auth/api/logout';
import { NotificationBell } from '@/features/notifications/components/notification-bell';

export function AppRoot() {
  const navigate = useNavigate();
  useReminderRefresh();
  const logout = useLogout({
    onSettled: () => void navigate(paths.auth.login.getHref(), { replace: true }),
  });

  return (
    <>
      <a className="skip-link" href="#main">
        Skip to content
      </a>
      <header className="app-header">
        <span className="brand">Task Tracker</span>
        <nav aria-label="Main">
          <NavLink to={paths.app.tasks.path}>Tasks</NavLink>
          <NavLink to={paths.app.profile.path}>Profile</NavLink>
        </nav>
        <div className="header-actions">
          <NotificationBell />
          <button type="button" disabled={logout.isPending} onClick={() => logout.mutate()}>
            Log out
          </button>
        </div>
      </header>
      <main id="main" className="page">
        <Outlet />
      </main>
    </>
  );
}
