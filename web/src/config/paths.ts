export const paths = {
  home: { path: '/' },
  auth: {
    login: {
      path: '/login',
      getHref: (redirectTo?: string | null) =>
        redirectTo ? `/login?redirectTo=${encodeURIComponent(redirectTo)}` : '/login',
    },
    register: { path: '/register' },
  },
  app: {
    tasks: { path: '/tasks' },
    profile: { path: '/profile' },
  },
} as const;

/** Only same-app paths are followed after login, never another origin. */
export function safeRedirect(redirectTo: string | null): string {
  if (redirectTo && redirectTo.startsWith('/') && !redirectTo.startsWith('//')) {
    return redirectTo;
  }
  return paths.app.tasks.path;
}
