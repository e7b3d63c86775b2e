import { lazy, Suspense, type ComponentType } from 'react';
import { BrowserRouter, Navigate, useRoutes, type RouteObject } from 'react-router';
import { Loading } from '@/components/ui/status';
import { paths } from '@/config/paths';
import { ProtectedRoute } from '@/features/auth/components/protected-route';
import { AppRoot } from './routes/app/root';
import { TasksRoute } from './routes/app/tasks';
import { NotFoundRoute } from './routes/not-found';

/**
 * Exported so tests can render the real route tree in a memory router. The pages a first visit
 * rarely needs load on demand (`page`), keeping the first view's JS in budget
 * (scripts/bundle-size.mjs).
 */
/** A page that loads on demand, showing "Loading…" meanwhile. */
function page(load: () => Promise<{ default: ComponentType }>) {
  const Page = lazy(load);
  return (
    <Suspense fallback={<Loading label="Loading…" />}>
      <Page />
    </Suspense>
  );
}

export const routes: RouteObject[] = [
  { path: paths.home.path, element: <Navigate to={paths.app.today.path} replace /> },
  {
    path: paths.auth.login.path,
    element: page(() => import('./routes/auth/login').then((m) => ({ default: m.LoginRoute }))),
  },
  {
    path: paths.auth.register.path,
    element: page(() =>
      import('./routes/auth/register').then((m) => ({ default: m.RegisterRoute })),
    ),
  },
  {
    path: paths.auth.forgotPassword.path,
    element: page(() =>
      import('@/features/auth/components/forgot-password-page').then((m) => ({
        default: m.ForgotPasswordPage,
      })),
    ),
  },
  {
    path: paths.auth.resetPassword.path,
    element: page(() =>
      import('@/features/auth/components/reset-password-page').then((m) => ({
        default: m.ResetPasswordPage,
      })),
    ),
  },
  {
    element: (
      <ProtectedRoute>
        <AppRoot />
      </ProtectedRoute>
    ),
    children: [
      { path: paths.app.today.path, element: <TasksRoute view="today" /> },
      { path: paths.app.upcoming.path, element: <TasksRoute view="upcoming" /> },
      { path: paths.app.tasks.path, element: <TasksRoute view="all" /> },
      { path: paths.app.assigned.path, element: <TasksRoute view="assigned" /> },
      { path: paths.app.project.path, element: <TasksRoute view="project" /> },
      { path: paths.app.completed.path, element: <TasksRoute view="completed" /> },
      {
        path: paths.app.profile.path,
        element: page(() =>
          import('./routes/app/profile').then((m) => ({ default: m.ProfileRoute })),
        ),
      },
      {
        path: paths.app.apiTokens.path,
        element: page(() =>
          import('./routes/app/api-tokens').then((m) => ({ default: m.ApiTokensRoute })),
        ),
      },
    ],
  },
  { path: '*', element: <NotFoundRoute /> },
];

function AppRoutes() {
  return useRoutes(routes);
}

// The declarative router, not `createBrowserRouter`: the app uses no loaders or actions, and the
// data router's code is ~10 KB gzipped of the first view's budget (scripts/bundle-size.mjs).
export function AppRouter() {
  return (
    <BrowserRouter>
      <AppRoutes />
    </BrowserRouter>
  );
}
