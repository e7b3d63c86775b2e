import type { ApiTokenScope } from '../types';

/** What each scope lets a script do, in words (docs/API.md, "API tokens"). */
export const SCOPE_DESCRIPTIONS: Record<ApiTokenScope, string> = {
  'tasks:read': 'See your tasks and labels, in every project you are in.',
  'tasks:write': 'Create, change, complete and delete tasks (and see them).',
  'projects:read': 'See your projects and who is in them.',
  'projects:write': 'Create, rename and delete projects, and manage their members (and see them).',
  'notifications:read': 'See your reminder notifications.',
  'notifications:write': 'Mark notifications read and snooze them (and see them).',
  'account:export':
    'Download an export of your whole account, for scripted backups. Nothing else of your account.',
};

export const NAME_MAX_LENGTH = 100;
export const EXPIRY_MAX_DAYS = 3650;
