import type { CreateTaskInput, Task, UpdateTaskInput } from '@/types/api';
import { makeTask } from './fixtures';
import { apiError, mockApi, type MockHandler } from './mock-api';

const WEEK_MS = 7 * 24 * 3600 * 1000;

/**
 * A fake task server over mockApi: GET /tasks (the `completed` and `project_id` filters), POST,
 * PATCH and DELETE /tasks/{id} with the API's version check (If-Match) and version bumps.
 * Completing a task with a recurrence moves it a week on instead, as the server does for a
 * weekly rule; a reminder written back gets fires_at from its `at`.
 */
export function serveTasks(initial: Task[]) {
  let stored = [...initial];
  let nextId = Math.max(0, ...initial.map((t) => t.id)) + 1;
  const matches = (task: Task, ifMatch: string | null) =>
    ifMatch === null || ifMatch === `"${task.version}"`;

  const apply = (task: Task, body: UpdateTaskInput): Task => {
    const { reminders, ...fields } = body;
    let next: Task = { ...task, ...fields, version: task.version + 1 };
    if (reminders) {
      next.reminders = reminders.map((r, i) =>
        'at' in r
          ? { id: 100 + i, at: r.at, fires_at: r.at, sent_at: null }
          : { id: 100 + i, before_due_minutes: r.before_due_minutes, fires_at: '', sent_at: null },
      );
    }
    if (body.completed === true && task.recurrence && task.due_date) {
      next = {
        ...next,
        completed: false,
        due_date: new Date(Date.parse(task.due_date) + WEEK_MS).toISOString(),
      };
    }
    return next;
  };

  const byId: MockHandler = () => apiError(404, 'not_found', 'No such task.');
  const routes: Record<string, MockHandler> = {
    'GET /tasks': (request) => {
      const { completed, project_id } = request.params as {
        completed?: boolean;
        project_id?: number;
      };
      const items = stored.filter(
        (t) =>
          (completed === undefined || t.completed === completed) &&
          (project_id === undefined || t.project_id === project_id),
      );
      return { status: 200, data: { items, next_cursor: null } };
    },
    'POST /tasks': (request) => {
      const { reminders, ...fields } = request.body as CreateTaskInput;
      const created = apply(makeTask({ ...fields, id: nextId++, version: 0 }), {
        reminders: reminders ?? [],
      });
      stored.push(created);
      return { status: 201, data: created };
    },
  };
  const api = mockApi(
    new Proxy(routes, {
      get(target, key: string) {
        if (key in target) return target[key];
        const match = /^(PATCH|DELETE) \/tasks\/(\d+)$/.exec(key);
        if (!match) return undefined;
        const id = Number(match[2]);
        return ((request) => {
          const task = stored.find((t) => t.id === id);
          if (!task) return byId(request);
          if (!matches(task, request.ifMatch)) {
            return apiError(412, 'precondition_failed', 'The task has changed since.');
          }
          if (match[1] === 'DELETE') {
            stored = stored.filter((t) => t.id !== id);
            return { status: 204 };
          }
          const next = apply(task, request.body as UpdateTaskInput);
          stored = stored.map((t) => (t.id === id ? next : t));
          return { status: 200, data: next };
        }) satisfies MockHandler;
      },
    }),
  );
  return {
    ...api,
    tasks: () => stored,
    /** Someone changes a task on another device, unseen by this one: a new version. */
    changeElsewhere: (id: number, changes: Partial<Task>) => {
      stored = stored.map((t) => (t.id === id ? { ...t, ...changes, version: t.version + 1 } : t));
    },
    /** The writes the UI made, as "METHOD url" with their If-Match and body. */
    writes: () =>
      api.calls
        .filter((c) => c.method !== 'GET')
        .map((c) => ({ request: `${c.method} ${c.url}`, ifMatch: c.ifMatch, body: c.body })),
  };
}
