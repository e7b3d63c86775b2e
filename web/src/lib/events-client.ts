import { fetchEventSource, type EventSourceMessage } from '@microsoft/fetch-event-source';
import { isAxiosError } from 'axios';
import { accessTokenExpiring, getAccessToken, refreshOrEndSession } from '@/lib/api-client';

// The events of GET /api/v1/events (docs/API.md, "Live updates"): ids only, never the data itself,
// so a client refetches what an event names. The OpenAPI document types the stream as a string.
export type TaskEvent = {
  op: 'created' | 'updated' | 'deleted';
  id: number;
  project_id: number;
  version: number;
};
export type ProjectEvent = {
  op: 'created' | 'updated' | 'deleted' | 'member_added' | 'member_removed';
  id: number;
};
export type NotificationEvent = { id: number; task_id: number };

export type LiveEvent =
  | { type: 'task'; data: TaskEvent }
  | { type: 'project'; data: ProjectEvent }
  | { type: 'notification'; data: NotificationEvent };

export type LiveUpdateHandlers = {
  /** The stream is open. Whatever happened while it was not is unknown: refetch what is shown. */
  onOpen: () => void;
  onEvent: (event: LiveEvent) => void;
};

export const EVENTS_URL = '/api/v1/events';
export const RETRY_MIN_MS = 1_000;
export const RETRY_MAX_MS = 30_000;
/** A stream that ends sooner than this after opening counts as a failure, so it backs off. */
const SHORT_LIVED_MS = 1_000;

/** Exponential backoff with jitter: between half and all of min(max, min × 2^attempt). */
export function retryDelay(attempt: number, random: () => number = Math.random): number {
  const ceiling = Math.min(RETRY_MAX_MS, RETRY_MIN_MS * 2 ** attempt);
  return Math.round(ceiling / 2 + (random() * ceiling) / 2);
}

class Unauthorized extends Error {}
class StreamEnded extends Error {}
class Unavailable extends Error {}

/** A refused refresh: the session is over (the API client has announced it), so stop. */
function sessionOver(error: unknown): boolean {
  const status = isAxiosError(error) ? error.response?.status : undefined;
  return status !== undefined && status >= 400 && status < 500;
}

function isId(value: unknown): value is number {
  return typeof value === 'number' && Number.isInteger(value);
}

/** The event a message carries, or null for one this client does not know. */
export function parseEvent(message: Pick<EventSourceMessage, 'event' | 'data'>): LiveEvent | null {
  let data: unknown;
  try {
    data = JSON.parse(message.data);
  } catch {
    return null;
  }
  if (typeof data !== 'object' || data === null || !('id' in data) || !isId(data.id)) return null;
  switch (message.event) {
    case 'task':
      return 'project_id' in data && isId(data.project_id)
        ? { type: 'task', data: data as TaskEvent }
        : null;
    case 'project':
      return { type: 'project', data: data as ProjectEvent };
    case 'notification':
      return 'task_id' in data && isId(data.task_id)
        ? { type: 'notification', data: data as NotificationEvent }
        : null;
    default:
      return null;
  }
}

/**
 * Keeps GET /events open until `signal` aborts. An EventSource cannot send the Authorization
 * header, hence fetch-event-source; each attempt takes the access token current then. The server
 * ends the stream when the token expires: the client then reconnects at once, with a token
 * refreshed first (through the API client, so a refresh is never run twice at once). A 401 gets one
 * refresh and retry; network trouble and 503s back off; a refused refresh (the session is over)
 * stops it.
 */
export function openEventStream(handlers: LiveUpdateHandlers, signal: AbortSignal): void {
  let failures = 0;
  let unauthorizedInARow = 0;
  let renewFirst = false;
  let openedAt = 0;

  const authorizedFetch: typeof fetch = async (input, init) => {
    if (renewFirst || getAccessToken() === null) {
      renewFirst = false;
      await refreshOrEndSession();
    }
    const headers = new Headers(init?.headers);
    const token = getAccessToken();
    if (token) headers.set('Authorization', `Bearer ${token}`);
    return fetch(input, { ...init, headers });
  };

  const backOff = () => {
    const wait = retryDelay(failures);
    failures += 1;
    return wait;
  };

  fetchEventSource(EVENTS_URL, {
    signal,
    // A hidden tab stays subscribed: its bell and lists are current when the user comes back.
    openWhenHidden: true,
    fetch: authorizedFetch,
    onopen: (response) => {
      if (response.status === 401) throw new Unauthorized();
      const type = response.headers.get('content-type') ?? '';
      if (!response.ok || !type.startsWith('text/event-stream')) {
        throw new Unavailable(`GET /events answered ${response.status}`);
      }
      unauthorizedInARow = 0;
      openedAt = Date.now();
      handlers.onOpen();
      return Promise.resolve();
    },
    onmessage: (message) => {
      const event = parseEvent(message);
      if (event) handlers.onEvent(event);
    },
    // Thrown, so that the library's retry (onerror) reconnects.
    onclose: () => {
      throw new StreamEnded();
    },
    onerror: (error: unknown) => {
      if (error instanceof StreamEnded) {
        // The usual end is the token's expiry: renew it before asking again.
        if (accessTokenExpiring()) renewFirst = true;
        if (Date.now() - openedAt < SHORT_LIVED_MS) return backOff();
        failures = 0;
        return 0;
      }
      if (error instanceof Unauthorized) {
        unauthorizedInARow += 1;
        renewFirst = true;
        return unauthorizedInARow === 1 ? 0 : backOff();
      }
      if (sessionOver(error)) throw error;
      return backOff();
    },
  }).catch(() => {
    // Stopped on purpose: the session is over, and the app leaves for the login page.
  });
}
