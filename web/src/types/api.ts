// Names for the types generated from the server's OpenAPI document (openapi.gen.ts; regenerate
// with `npm run gen:api`), so the rest of the UI never spells out a schema path.
import {
  pathsApiV1TasksGetParametersQuerySortValues,
  priorityValues,
  type components,
  type paths,
} from './openapi.gen';

type Schemas = components['schemas'];

/** RFC 3339 instant, returned by the server in UTC. */
export type Timestamp = Schemas['Task']['created_at'];

export type User = Schemas['User'];
export type Credentials = Schemas['Credentials'];
export type Registration = Schemas['Registration'];
/** The body of PATCH /users/me. */
export type ProfileChange = Schemas['ProfileChange'];
export type TokenResponse = Schemas['TokenResponse'];
/** GET /users/me/calendar and its rotation: the secret feed address. */
export type FeedUrl = Schemas['FeedUrl'];
/** What POST /users/me/import created. */
export type ImportCounts = Schemas['ImportCounts'];

export type Priority = Schemas['Priority'];
/** Every priority, in the API's sort order (low to urgent). */
export const PRIORITIES = priorityValues;

export type Task = Schemas['Task'];
export type TaskPage = Schemas['Page_Task'];
/** GET /tasks/counts: the sidebar's numbers, days in the caller's zone. */
export type TaskCounts = Schemas['TaskCounts'];

/**
 * One reminder as the server returns it. The server writes exactly one of `at` and
 * `before_due_minutes` (the other key is absent); the schema can only say both are optional.
 */
export type Reminder = Schemas['Reminder'];

type ReminderWrite = Schemas['ReminderWrite'];
/** One reminder as POST and PATCH /tasks take it: exactly one of the schema's two keys. */
export type ReminderInput =
  | { at: NonNullable<ReminderWrite['at']> }
  | { before_due_minutes: NonNullable<ReminderWrite['before_due_minutes']> };

/**
 * The body of POST and PATCH /tasks; PATCH sends any subset, `null` clears the optional fields.
 * `reminders` (0–10) replaces the whole set.
 */
export type TaskBody = Omit<Schemas['TaskBody'], 'reminders'> & { reminders?: ReminderInput[] };
/** The schema allows every field to be absent; creating a task needs a title. */
export type CreateTaskInput = TaskBody & { title: string };
export type UpdateTaskInput = TaskBody;

/** The query of GET /tasks. `priority` is repeatable: send it as `priority=a&priority=b`. */
export type TaskListParams = NonNullable<paths['/api/v1/tasks']['get']['parameters']['query']>;
export type TaskSort = NonNullable<TaskListParams['sort']>;
export const TASK_SORTS = pathsApiV1TasksGetParametersQuerySortValues;

/** The query of GET /occurrences: a series previewed before its task is saved. */
export type OccurrencePreviewParams = paths['/api/v1/occurrences']['get']['parameters']['query'];
/** GET /occurrences and GET /tasks/{id}/occurrences. */
export type OccurrenceList = Schemas['Occurrences'];

/** One entry of GET /tasks/{id}/completions, newest first. */
export type Completion = Schemas['Completion'];
export type CompletionPage = Schemas['Page_Completion'];

export type Notification = Schemas['Notification'];
export type NotificationPage = Schemas['Page_Notification'];
export type NotificationListParams = NonNullable<
  paths['/api/v1/notifications']['get']['parameters']['query']
>;
/** The body of POST /notifications/{id}/snooze. */
export type SnoozeInput = Schemas['Snooze'];
/** The answer of POST /notifications/read-all. */
export type MarkedRead = Schemas['MarkedRead'];

/** One entry of GET /labels. */
export type LabelCount = Schemas['LabelCount'];
export type LabelList = Schemas['LabelList'];

export type Project = Schemas['Project'];
export type ProjectBody = Schemas['ProjectBody'];
export type ProjectList = Schemas['ProjectList'];
export type Member = Schemas['Member'];
export type MemberList = Schemas['MemberList'];
export type Role = Schemas['Role'];

export type ChangePasswordInput = Schemas['PasswordChange'];
export type DeleteAccountInput = Schemas['AccountDeletion'];

/** Every refusal's body. `code` is an open string in the schema; docs/API.md lists the values. */
export type ApiErrorBody = Schemas['ErrorBody'];
export type ApiErrorCode = ApiErrorBody['error']['code'];

/** GET /server: what this server offers. */
export type ServerInfo = Schemas['ServerInfo'];
/** The bodies of POST /auth/password-reset and /auth/password-reset/confirm. */
export type ResetRequest = Schemas['ResetRequest'];
export type ResetConfirmation = Schemas['ResetConfirmation'];
