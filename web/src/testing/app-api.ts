import type { Member, Project, Task } from '@/types/api';
import { makeMember, makeProject } from './fixtures';
import type { MockHandler, RecordedRequest } from './mock-api';

export const ME = {
  id: 1,
  email: 'me@example.com',
  time_zone: 'UTC',
  created_at: '2026-11-25T12:00:00Z',
};
export const INBOX = makeProject({ id: 1, name: 'Inbox', inbox: true });

/**
 * The routes the signed-in app asks for on the task pages, answering `projects`, each project's
 * `members` (the caller alone unless given) and `tasks` (filtered by project_id and completed as
 * the server does), and their counts.
 */
export function appRoutes({
  projects = [INBOX],
  members = {},
  tasks = [],
}: {
  projects?: Project[];
  members?: Record<number, Member[]>;
  tasks?: Task[];
} = {}): Record<string, MockHandler> {
  const routes: Record<string, MockHandler> = {
    'POST /auth/refresh': () => ({
      status: 200,
      data: { access_token: 'access', token_type: 'bearer', expires_in: 900 },
    }),
    'GET /users/me': () => ({ status: 200, data: ME }),
    'GET /projects': () => ({ status: 200, data: { items: projects } }),
    'GET /labels': () => ({ status: 200, data: { items: [] } }),
    'GET /notifications': () => ({ status: 200, data: { items: [], next_cursor: null } }),
    'GET /tasks': (request: RecordedRequest) => {
      const params = request.params as { project_id?: number; completed?: boolean };
      const items = tasks.filter(
        (task) =>
          (params.project_id === undefined || task.project_id === params.project_id) &&
          (params.completed === undefined || task.completed === params.completed),
      );
      return { status: 200, data: { items, next_cursor: null } };
    },
    'GET /tasks/counts': () => ({
      status: 200,
      data: {
        overdue: 0,
        today: 0,
        upcoming: 0,
        assigned: 0,
        completed: tasks.filter((task) => task.completed).length,
        projects: projects.map((p) => ({
          project_id: p.id,
          open: tasks.filter((task) => task.project_id === p.id && !task.completed).length,
        })),
      },
    }),
  };
  for (const project of projects) {
    const items = members[project.id] ?? [makeMember({ role: project.role })];
    routes[`GET /projects/${project.id}/members`] = () => ({ status: 200, data: { items } });
  }
  return routes;
}
