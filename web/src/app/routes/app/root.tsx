import { lazy, Suspense } from 'react';
import { NavLink, Outlet, useNavigate } from 'react-router';
import { useLiveUpdates } from '@/app/hooks/use-live-updates';
import { useReminderRefresh } from '@/app/hooks/use-reminder-refresh';
import { OfflineBanner } from '@/app/offline/offline-banner';
import { SHORTCUTS, useShortcuts } from '@/app/hooks/use-shortcuts';
import { Toaster } from '@/components/ui/toast';
import { paths } from '@/config/paths';
import { useSession } from '@/features/auth/api/get-session';
import { useLogout } from '@/features/auth/api/logout';
import { NotificationBell } from '@/features/notifications/components/notification-bell';
import { useAnnounceNotification } from '@/features/notifications/hooks/use-announce-notification';
import { LinkedTaskProvider } from '@/features/tasks/hooks/use-linked-task';
import { ThemeToggle } from '@/features/theme/components/theme-toggle';
import { useOnline } from '@/hooks/use-online';
import { UserTimeZoneProvider } from '@/hooks/use-user-time-zone';
import { browserTimeZone } from '@/utils/time-zones';

// Opened with `?`: not needed for the first screen.
const ShortcutSheet = lazy(() =>
  import('@/components/ui/shortcut-sheet').then((m) => ({ default: m.ShortcutSheet })),
);

export function AppRoot() {
  const navigate = useNavigate();
  const online = useOnline();
  // ProtectedRoute renders this only once the session's user is loaded.
  const { data: user } = useSession();
  useReminderRefresh();
  useLiveUpdates({ onNotification: useAnnounceNotification() });
  const shortcuts = useShortcuts();
  const logout = useLogout({
    onSettled: () => void navigate(paths.auth.login.getHref(), { replace: true }),
  });

  return (
    <UserTimeZoneProvider timeZone={user?.time_zone ?? browserTimeZone()}>
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
          <ThemeToggle />
          <NotificationBell />
          <button type="button" disabled={logout.isPending} onClick={() => logout.mutate()}>
            Log out
          </button>
        </div>
      </header>
      <OfflineBanner />
      <main id="main" className="page">
        {/* Offline, every control of the page is off at once: what shows is read-only.
            `?task=<id>` opens that task in whichever list shows it (links from reminders). */}
        <fieldset className="offline-guard" disabled={!online}>
          <LinkedTaskProvider>
            <Outlet />
          </LinkedTaskProvider>
        </fieldset>
      </main>
      <Toaster />
      {shortcuts.sheetOpen && (
        <Suspense fallback={null}>
          <ShortcutSheet shortcuts={SHORTCUTS} onClose={shortcuts.closeSheet} />
        </Suspense>
      )}
    </UserTimeZoneProvider>
  );
}
