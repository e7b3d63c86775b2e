// Hand-written from shared/API.md until the types are generated from /api/openapi.json.

/** RFC 3339 instant, returned by the server in UTC. */
export type Timestamp = string;

export type User = {
  id: number;
  email: string;
  created_at: Timestamp;
};

export type Credentials = {
  email: string;
  password: string;
};

export type TokenResponse = {
  access_token: string;
  token_type: 'bearer';
  expires_in: number;
};

export const PRIORITIES = ['low', 'medium', 'high', 'urgent'] as const;
export type Priority = (typeof PRIORITIES)[number];

export type Task = {
  id: number;
  title: string;
  description: string | null;
  due_date: Timestamp | null;
  completed: boolean;
  completed_at: Timestamp | null;
  priority: Priority;
  remind_at: Timestamp | null;
  reminded_at: Timestamp | null;
  created_at: Timestamp;
  updated_at: Timestamp;
};

export type CreateTaskInput = {
  title: string;
  description?: string;
  due_date?: Timestamp;
  priority?: Priority;
  remind_at?: Timestamp;
};

/** PATCH body: any subset; `null` clears the optional fields. */
export type UpdateTaskInput = {
  title?: string;
  description?: string | null;
  due_date?: Timestamp | null;
  completed?: boolean;
  priority?: Priority;
  remind_at?: Timestamp | null;
};

export const TASK_SORTS = [
  'created_at',
  '-created_at',
  'due_date',
  '-due_date',
  'priority',
  '-priority',
] as const;
export type TaskSort = (typeof TASK_SORTS)[number];

export type TaskListParams = {
  completed?: boolean;
  priority?: Priority;
  overdue?: boolean;
  q?: string;
  sort?: TaskSort;
  limit?: number;
  cursor?: string;
};

export type Page<T> = {
  items: T[];
  next_cursor: string | null;
};

export type Notification = {
  id: number;
  task_id: number;
  kind: 'task_reminder';
  message: string;
  created_at: Timestamp;
  read_at: Timestamp | null;
};

export type ChangePasswordInput = {
  current_password: string;
  new_password: string;
};

export type DeleteAccountInput = {
  password: string;
};

export type ApiErrorCode =
  | 'bad_request'
  | 'unauthorized'
  | 'not_found'
  | 'method_not_allowed'
  | 'conflict'
  | 'payload_too_large'
  | 'unsupported_media_type'
  | 'validation_failed'
  | 'rate_limited'
  | 'unavailable'
  | 'internal';

export type ApiErrorBody = {
  error: {
    code: ApiErrorCode;
    message: string;
    fields?: Record<string, string>;
  };
};
