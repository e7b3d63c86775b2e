// Names for the types generated from the server's OpenAPI document (openapi.gen.ts; regenerate
// with `npm run gen:api`), so the rest of the UI never spells out a schema path.
import {
  pathsApiV1TasksGetParametersQuerySortValues,
  priorityValues,
  type components,
  type paths,
} from './openapi.gen';
// Issue 12's shapes, hand-written until the OpenAPI document has them (see pending-api.ts).
import type {
  PendingNotification,
  PendingNotificationPage,
  PendingTask,
  PendingTaskBody,
  PendingTaskPage,
} from './pending-api';

export type {
  Completion,
  CompletionPage,
  OccurrenceList,
  OccurrencePreviewParams,
  Reminder,
  ReminderInput,
  SnoozeInput,
} from './pending-api';

type Schemas = components['schemas'];

/** RFC 3339 instant, returned by the server in UTC. */
export type Timestamp = Schemas['Task']['created_at'];

export type User = Schemas['User'];
export type Credentials = Schemas['Credentials'];
export type Registration = Schemas['Registration'];
/** The body of PATCH /users/me. */
export type ProfileChange = Schemas['ProfileChange'];
export type TokenResponse = Schemas['TokenResponse'];

export type Priority = Schemas['Priority'];
/** Every priority, in the API's sort order (low to urgent). */
export const PRIORITIES = priorityValues;

export type Task = PendingTask;
export type TaskPage = PendingTaskPage;

/** The body of POST and PATCH /tasks; PATCH sends any subset, `null` clears the optional fields. */
export type TaskBody = PendingTaskBody;
/** The schema allows every field to be absent; creating a task needs a title. */
export type CreateTaskInput = TaskBody & { title: string };
export type UpdateTaskInput = TaskBody;

/** The query of GET /tasks. `priority` is repeatable: send it as `priority=a&priority=b`. */
export type TaskListParams = NonNullable<paths['/api/v1/tasks']['get']['parameters']['query']>;
export type TaskSort = NonNullable<TaskListParams['sort']>;
export const TASK_SORTS = pathsApiV1TasksGetParametersQuerySortValues;

export type Notification = PendingNotification;
export type NotificationPage = PendingNotificationPage;
export type NotificationListParams = NonNullable<
  paths['/api/v1/notifications']['get']['parameters']['query']
>;

export type ChangePasswordInput = Schemas['PasswordChange'];
export type DeleteAccountInput = Schemas['AccountDeletion'];

/** Every refusal's body. `code` is an open string in the schema; docs/API.md lists the values. */
export type ApiErrorBody = Schemas['ErrorBody'];
export type ApiErrorCode = ApiErrorBody['error']['code'];
