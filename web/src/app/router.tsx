import { useState } from 'react';
import { createBrowserRouter, Navigate, RouterProvider, type RouteObject } from 'react-router';
import { paths } from '@/config/paths';
import { ForgotPasswordPage } from '@/features/auth/components/forgot-password-page';
import { ProtectedRoute } from '@/features/auth/components/protected-route';
import { ResetPasswordPage } from '@/features/auth/components/reset-password-page';
import { ApiTokensRoute } from './routes/app/api-tokens';
import { AppRoot } from './routes/app/root';
import { ProfileRoute } from './routes/app/profile';
import { TasksRoute } from './routes/app/tasks';
import { LoginRoute } from './routes/auth/login';
import { RegisterRoute } from './routes/auth/register';
import { NotFoundRoute } from './routes/not-found';

/** Exported so tests can render the real route tree in a memory router. */
export const routes: RouteObject[] = [
  { path: paths.home.path, element: <Navigate to={paths.app.today.path} replace /> },
  { path: paths.auth.login.path, element: <LoginRoute /> },
  { path: paths.auth.register.path, element: <RegisterRoute /> },
  { path: paths.auth.forgotPassword.path, element: <ForgotPasswordPage /> },
  { path: paths.auth.resetPassword.path, element: <ResetPasswordPage /> },
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
      { path: paths.app.profile.path, element: <ProfileRoute /> },
      { path: paths.app.apiTokens.path, element: <ApiTokensRoute /> },
    ],
  },
  { path: '*', element: <NotFoundRoute /> },
];

export function AppRouter() {
  const [router] = useState(() => createBrowserRouter(routes));
  return <RouterProvider router={router} />;
}
