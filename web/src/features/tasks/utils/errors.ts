import { errorMessage, toApiError } from '@/lib/api-error';

/** A refused task write in words; a 403 is the caller's role, which the server's text is terse on. */
export function taskWriteError(error: unknown): string {
  return toApiError(error).code === 'forbidden'
    ? 'Your role in this project lets you read its tasks, not change them.'
    : errorMessage(error);
}
