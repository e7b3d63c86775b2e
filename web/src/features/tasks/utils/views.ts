import { wallTimeToInstant, zonedParts } from '@/utils/time-zones';
import type { Task } from '@/types/api';
import type { TaskFilters } from '../api/keys';

/** Which tasks a page shows. Today is the default view. */
export type TaskView =
  | { kind: 'today' }
  | { kind: 'upcoming' }
  | { kind: 'all' }
  | { kind: 'assigned' }
  | { kind: 'completed' }
  | { kind: 'project'; id: number };

/** How many days Upcoming covers, today included. */
export const UPCOMING_DAYS = 7;

/** A calendar day as `YYYY-MM-DD`. */
export type DayKey = string;

function pad(n: number): string {
  return String(n).padStart(2, '0');
}

/** The calendar day the instant `ms` falls on in `timeZone`. */
export function dayKeyOf(ms: number, timeZone: string): DayKey {
  const p = zonedParts(ms, timeZone);
  return `${p.year}-${pad(p.month)}-${pad(p.day)}`;
}

/**
 * The instant the day `days` days after the one holding `ms` starts in `timeZone` (0: today's
 * midnight). Days are counted on the calendar, so a daylight-saving day of 23 or 25 hours still
 * ends at the next midnight; a midnight the change skips starts the day when the clock resumes.
 */
export function startOfDay(ms: number, timeZone: string, days = 0): number {
  const p = zonedParts(ms, timeZone);
  // Date.UTC normalises day overflow (31 + 1 → the 1st of the next month).
  const day = new Date(Date.UTC(p.year, p.month - 1, p.day + days));
  return wallTimeToInstant(
    {
      year: day.getUTCFullYear(),
      month: day.getUTCMonth() + 1,
      day: day.getUTCDate(),
      hour: 0,
      minute: 0,
    },
    timeZone,
  );
}

/** An instant as the API's RFC 3339 time, to the second. */
function apiTime(ms: number): string {
  return new Date(ms).toISOString().replace('.000Z', 'Z');
}

/**
 * The part of the list query a view fixes; the filter controls add the rest (search, labels,
 * priority), and on the views without their own order, the status and sort.
 */
export function viewFilters(view: TaskView, now: number, timeZone: string): Partial<TaskFilters> {
  switch (view.kind) {
    case 'today':
      // Overdue ones (any day before) and today's, soonest first: the overdue come first.
      return {
        completed: false,
        due_before: apiTime(startOfDay(now, timeZone, 1)),
        sort: 'due_date',
      };
    case 'upcoming':
      return {
        completed: false,
        due_after: apiTime(startOfDay(now, timeZone)),
        due_before: apiTime(startOfDay(now, timeZone, UPCOMING_DAYS)),
        sort: 'due_date',
      };
    case 'completed':
      // The API has no completed_at order; newest created first is the nearest to "just done".
      return { completed: true, sort: '-created_at' };
    case 'assigned':
      return { assignee: 'me' };
    case 'project':
      return { project_id: view.id };
    case 'all':
      return {};
  }
}

/** Views whose order and status are their point; their filters hide those controls. */
export function hasFixedOrder(view: TaskView): boolean {
  return view.kind === 'today' || view.kind === 'upcoming' || view.kind === 'completed';
}

/** Views that show open tasks and fold the completed ones under them. */
export function foldsCompleted(view: TaskView): boolean {
  return view.kind === 'all' || view.kind === 'project' || view.kind === 'assigned';
}

const weekdayDayMonth = new Intl.DateTimeFormat('en-GB', {
  timeZone: 'UTC',
  weekday: 'long',
  day: 'numeric',
  month: 'long',
});

/** "Today", "Tomorrow", or "Wednesday 3 December": a day heading in Upcoming. */
export function dayHeading(day: DayKey, now: number, timeZone: string): string {
  if (day === dayKeyOf(now, timeZone)) return 'Today';
  if (day === dayKeyOf(startOfDay(now, timeZone, 1), timeZone)) return 'Tomorrow';
  const [year, month, date] = day.split('-').map(Number);
  return weekdayDayMonth.format(Date.UTC(year ?? 0, (month ?? 1) - 1, date ?? 1));
}

export type TaskGroup = { key: string; heading: string; tasks: Task[] };

/** Consecutive tasks (already sorted by due date) grouped by the day they are due on. */
export function groupByDay(tasks: readonly Task[], now: number, timeZone: string): TaskGroup[] {
  const groups: TaskGroup[] = [];
  for (const task of tasks) {
    const key = task.due_date ? dayKeyOf(Date.parse(task.due_date), timeZone) : 'none';
    let group = groups.at(-1);
    if (group?.key !== key) {
      group = {
        key,
        heading: key === 'none' ? 'No due date' : dayHeading(key, now, timeZone),
        tasks: [],
      };
      groups.push(group);
    }
    group.tasks.push(task);
  }
  return groups;
}

/** Today's list in two parts: what is already overdue, then the rest of today. */
export function splitOverdue(tasks: readonly Task[], now: number): TaskGroup[] {
  const overdue = tasks.filter((t) => t.due_date !== null && Date.parse(t.due_date) < now);
  const rest = tasks.filter((t) => !overdue.includes(t));
  return [
    { key: 'overdue', heading: 'Overdue', tasks: overdue },
    { key: 'today', heading: 'Today', tasks: rest },
  ].filter((group) => group.tasks.length > 0);
}

/** The name of a view, for its heading and the document's title. */
export function viewTitle(view: Exclude<TaskView, { kind: 'project' }>): string {
  switch (view.kind) {
    case 'today':
      return 'Today';
    case 'upcoming':
      return 'Upcoming';
    case 'all':
      return 'All tasks';
    case 'assigned':
      return 'Assigned to me';
    case 'completed':
      return 'Completed';
  }
}
