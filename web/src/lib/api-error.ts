import { isAxiosError } from 'axios';
import type { ApiErrorBody, ApiErrorCode } from '@/types/api';

export type ApiError = {
  status: number | null;
  /** A code from docs/API.md's table (an open string in the schema), or `network`: no answer. */
  code: ApiErrorCode;
  message: string;
  fields: Record<string, string>;
  retryAfterSeconds: number | null;
};

function isApiErrorBody(data: unknown): data is ApiErrorBody {
  if (typeof data !== 'object' || data === null || !('error' in data)) return false;
  const inner: unknown = data.error;
  return (
    typeof inner === 'object' &&
    inner !== null &&
    'code' in inner &&
    'message' in inner &&
    typeof inner.message === 'string'
  );
}

/** Normalises anything a request can throw into the contract's one error shape. */
export function toApiError(error: unknown): ApiError {
  if (!isAxiosError(error)) {
    return {
      status: null,
      code: 'internal',
      message: error instanceof Error ? error.message : 'Something went wrong.',
      fields: {},
      retryAfterSeconds: null,
    };
  }
  const response = error.response;
  if (!response) {
    return {
      status: null,
      code: 'network',
      message: 'Cannot reach the server. Check your connection and try again.',
      fields: {},
      retryAfterSeconds: null,
    };
  }
  const retryAfter = Number(response.headers['retry-after']);
  const retryAfterSeconds = Number.isFinite(retryAfter) && retryAfter > 0 ? retryAfter : null;
  if (isApiErrorBody(response.data)) {
    const { code, message, fields } = response.data.error;
    return { status: response.status, code, message, fields: fields ?? {}, retryAfterSeconds };
  }
  return {
    status: response.status,
    code: response.status >= 500 ? 'internal' : 'bad_request',
    message: `The server answered ${response.status}.`,
    fields: {},
    retryAfterSeconds,
  };
}

/** A one-line message fit to show a person. */
export function errorMessage(error: unknown): string {
  const apiError = toApiError(error);
  if (apiError.code === 'rate_limited' && apiError.retryAfterSeconds !== null) {
    return `${apiError.message} Try again in ${apiError.retryAfterSeconds} s.`;
  }
  return apiError.message;
}

/** A 412: the If-Match version is no longer current, so the write was refused unapplied. */
export function isPreconditionFailed(error: unknown): boolean {
  return toApiError(error).code === 'precondition_failed';
}
