// Hand-written until the server's OpenAPI document has them (issue 12: reminders and recurrence).
// Each type mirrors the contract in docs/API.md ("Reminders", "Recurrence", "Notifications") as a
// change to the generated schema it replaces; once `npm run gen:api` produces them, api.ts names
// the generated ones again and this file goes.
import type { components } from './openapi.gen';

type Schemas = components['schemas'];

/** One reminder as the server returns it: exactly one of `at` and `before_due_minutes`. */
export type Reminder = {
  id: number;
  /** RFC 3339 instant in UTC. */
  fires_at: string;
  sent_at: string | null;
} & ({ at: string; before_due_minutes?: never } | { before_due_minutes: number; at?: never });

/** One reminder as POST and PATCH /tasks take it. */
export type ReminderInput = { at: string } | { before_due_minutes: number };

/** The Task schema with `reminders` (sorted by `fires_at`) instead of `remind_at`/`reminded_at`. */
export type PendingTask = Omit<Schemas['Task'], 'remind_at' | 'reminded_at'> & {
  reminders: Reminder[];
};

export type PendingTaskPage = { items: PendingTask[]; next_cursor: string | null };

/** TaskBody with `reminders` (0–10, the whole set replaced on write) instead of `remind_at`. */
export type PendingTaskBody = Omit<Schemas['TaskBody'], 'remind_at'> & {
  reminders?: ReminderInput[];
};

/** The Notification schema with `fires_at`: when its reminder (or its snooze) was due. */
export type PendingNotification = Schemas['Notification'] & { fires_at: string };

export type PendingNotificationPage = {
  items: PendingNotification[];
  next_cursor: string | null;
};

/** The body of POST /notifications/{id}/snooze. */
export type SnoozeInput = { minutes: number };

/** The query of GET /occurrences: a series previewed before its task is saved. */
export type OccurrencePreviewParams = {
  recurrence: string;
  due_date: string;
  time_zone: string;
  limit?: number;
};

/** GET /occurrences and GET /tasks/{id}/occurrences. */
export type OccurrenceList = Schemas['Occurrences'];

/** One entry of GET /tasks/{id}/completions, newest first. */
export type Completion = {
  due_date: string | null;
  completed_at: string;
  completed_by: number | null;
};

export type CompletionPage = { items: Completion[]; next_cursor: string | null };
