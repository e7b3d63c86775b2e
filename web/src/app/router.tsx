import { useState } from 'react';
import { createBrowserRouter, Navigate, RouterProvider, type RouteObject } from 'react-router';
import { paths } from '@/config/paths';
import { ProtectedRoute } from '@/features/auth/components/protected-route';
import { AppRoot } from './routes/app/root';
import { TasksRoute } from './routes/app/tasks';
import { NotFoundRoute } from './routes/not-found';

/**
 * Exported so tests can render the real route tree in a memory router. The pages a first visit
 * rarely needs load on demand (`lazy`), keeping the first view's JS in budget
 * (scripts/bundle-size.mjs).
 */
export const routes: RouteObject[] = [
  { path: paths.home.path, element: <Navigate to={paths.app.today.path} replace /> },
  {
    path: paths.auth.login.path,
    lazy: () => import('./routes/auth/login').then((m) => ({ Component: m.LoginRoute })),
  },
  {
    path: paths.auth.register.path,
    lazy: () => import('./routes/auth/register').then((m) => ({ Component: m.RegisterRoute })),
  },
  {
    path: paths.auth.forgotPassword.path,
    lazy: () =>
      import('@/features/auth/components/forgot-password-page').then((m) => ({
        Component: m.ForgotPasswordPage,
      })),
  },
  {
    path: paths.auth.resetPassword.path,
    lazy: () =>
      import('@/features/auth/components/reset-password-page').then((m) => ({
        Component: m.ResetPasswordPage,
      })),
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
        lazy: () => import('./routes/app/profile').then((m) => ({ Component: m.ProfileRoute })),
      },
      {
        path: paths.app.apiTokens.path,
        lazy: () =>
          import('./routes/app/api-tokens').then((m) => ({ Component: m.ApiTokensRoute })),
      },
    ],
  },
  { path: '*', element: <NotFoundRoute /> },
];

export function AppRouter() {
  const [router] = useState(() => createBrowserRouter(routes));
  return <RouterProvider router={router} />;
}
