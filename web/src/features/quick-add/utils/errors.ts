import { errorMessage, toApiError } from '@/lib/api-error';

/** The API's field names, as a 422 names them, in words. */
const FIELD_NAMES: Record<string, string> = {
  title: 'Title',
  due_date: 'Due date',
  priority: 'Priority',
  labels: 'Labels',
  recurrence: 'Repeats',
  project_id: 'Project',
};

/** Why the server refused a quick add, in plain words. */
export function quickAddError(error: unknown): string {
  const apiError = toApiError(error);
  if (apiError.code === 'forbidden') {
    return 'Not added: your role in this project lets you read its tasks, not add them.';
  }
  const fields = Object.entries(apiError.fields).map(
    ([name, message]) => `${FIELD_NAMES[name] ?? name}: ${message}`,
  );
  if (fields.length > 0) return `Not added. ${fields.join('; ')}.`;
  return `Not added: ${errorMessage(error)}`;
}
