export const paths = {
  home: { path: '/' },
  auth: {
    login: {
      path: '/login',
      getHref: (redirectTo?: string | null) =>
        redirectTo ? `/login?redirectTo=${encodeURIComponent(redirectTo)}` : '/login',
    },
    register: { path: '/register' },
    forgotPassword: { path: '/forgot-password' },
    /** The emailed link: `/reset-password#token=…` (the server writes the same path). */
    resetPassword: { path: '/reset-password' },
  },
  app: {
    /** The default view: overdue tasks, then today's, by time. */
    today: { path: '/today' },
    /** The next 7 days, grouped by day. */
    upcoming: { path: '/upcoming' },
    /** Every project's tasks. */
    tasks: { path: '/tasks' },
    /** The tasks assigned to the signed-in user, in every project. */
    assigned: { path: '/tasks/assigned' },
    /** One project's tasks. */
    project: {
      path: '/tasks/projects/:projectId',
      getHref: (projectId: number) => `/tasks/projects/${projectId}`,
    },
    /** Completed tasks in every project. */
    completed: { path: '/completed' },
    profile: { path: '/profile' },
    /** The user's API tokens, for scripts. */
    apiTokens: { path: '/profile/api-tokens' },
  },
} as const;

/** Only same-app paths are followed after login, never another origin. */
export function safeRedirect(redirectTo: string | null): string {
  if (redirectTo && redirectTo.startsWith('/') && !redirectTo.startsWith('//')) {
    return redirectTo;
  }
  return paths.app.today.path;
}
