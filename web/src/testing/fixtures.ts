import type { Member, Project, Reminder, ReminderInput, Task, TaskBody } from '@/types/api';

/**
 * A task as the API returns it: plain, open, in UTC, at version 1, in user 1's inbox (project 1);
 * override what a test needs.
 */
export function makeTask(overrides: Partial<Task> = {}): Task {
  return {
    id: 1,
    project_id: 1,
    created_by: 1,
    assignee_id: null,
    labels: [],
    title: 'Write report',
    description: null,
    due_date: null,
    completed: false,
    completed_at: null,
    priority: 'medium',
    time_zone: 'UTC',
    recurrence: null,
    reminders: [],
    version: 1,
    created_at: '2026-11-25T12:00:00Z',
    updated_at: '2026-11-25T12:00:00Z',
    ...overrides,
  };
}

/** A reminder as the API returns it, not yet sent: `at` an instant, or minutes before due. */
export function makeReminder(
  when: { at: string } | { before_due_minutes: number; fires_at: string },
  overrides: Partial<Pick<Reminder, 'id' | 'sent_at'>> = {},
): Reminder {
  const common = { id: 1, sent_at: null, ...overrides };
  return 'at' in when
    ? { ...common, at: when.at, fires_at: when.at }
    : { ...common, before_due_minutes: when.before_due_minutes, fires_at: when.fires_at };
}

/** What a fake server makes of the reminders a POST or PATCH sent, for a task due at `due`. */
export function savedReminders(inputs: ReminderInput[], due: string | null): Reminder[] {
  return inputs
    .map((input, i) =>
      'at' in input
        ? makeReminder(input, { id: 100 + i })
        : makeReminder(
            {
              before_due_minutes: input.before_due_minutes,
              fires_at: new Date(
                Date.parse(due ?? '') - input.before_due_minutes * 60_000,
              ).toISOString(),
            },
            { id: 100 + i },
          ),
    )
    .sort((a, b) => Date.parse(a.fires_at) - Date.parse(b.fires_at));
}

/** A fake server's answer to a POST or PATCH of `body` on `task`. */
export function applyTaskBody(task: Task, body: TaskBody): Task {
  const { reminders, ...fields } = body;
  const next = { ...task, ...fields, version: task.version + 1 };
  return reminders ? { ...next, reminders: savedReminders(reminders, next.due_date) } : next;
}

/** A project as GET /projects returns it: user 1's own, not the inbox; override what a test needs. */
export function makeProject(overrides: Partial<Project> = {}): Project {
  return {
    id: 2,
    name: 'Home',
    color: null,
    inbox: false,
    owner_id: 1,
    role: 'owner',
    created_at: '2026-11-25T12:00:00Z',
    updated_at: '2026-11-25T12:00:00Z',
    ...overrides,
  };
}

/** A member as GET /projects/{id}/members returns it. */
export function makeMember(overrides: Partial<Member> = {}): Member {
  return {
    user_id: 1,
    email: 'me@example.com',
    role: 'owner',
    added_at: '2026-11-25T12:00:00Z',
    ...overrides,
  };
}
