import axios, { isAxiosError } from 'axios';
import type { TokenResponse } from '@/types/api';

declare module 'axios' {
  // Module augmentation can only merge into an interface.
  // eslint-disable-next-line @typescript-eslint/consistent-type-definitions
  interface AxiosRequestConfig {
    /** A 401 from this request is final: no refresh, no retry (login, refresh, logout). */
    skipAuthRefresh?: boolean;
    /** The body carries the user's password: a 401 is final, the token is renewed beforehand. */
    credentialsInBody?: boolean;
    /** Set once a request has been retried after a refresh, so it is never retried twice. */
    authRetried?: boolean;
    /** The access token this request went out with. */
    sentToken?: string | null;
  }
}

export const apiClient = axios.create({
  baseURL: '/api/v1',
  withCredentials: true,
  headers: { Accept: 'application/json' },
  // Repeatable query parameters go as `priority=a&priority=b` (the API's form), not `priority[]=a`.
  paramsSerializer: { indexes: null },
});

// The access token lives in memory only; the refresh token is an HttpOnly cookie.
let accessToken: string | null = null;
/** When the access token stops working, in ms on this machine's clock; null if unknown. */
let accessTokenExpiresAt: number | null = null;

/** A token this close to its expiry is renewed before a request that must not be retried. */
const EXPIRY_MARGIN_MS = 30_000;

export function getAccessToken(): string | null {
  return accessToken;
}

/**
 * `expiresInSeconds` is the token response's `expires_in`. Counted from its arrival on this
 * machine's clock rather than read from the JWT's `exp`, which is on the server's clock: a
 * browser clock a minute off would otherwise misjudge every token.
 */
export function setAccessToken(token: string | null, expiresInSeconds?: number): void {
  accessToken = token;
  accessTokenExpiresAt =
    token !== null && expiresInSeconds !== undefined ? Date.now() + expiresInSeconds * 1000 : null;
}

/** A token of unknown lifetime counts as expiring. */
export function accessTokenExpiring(): boolean {
  return accessTokenExpiresAt === null || accessTokenExpiresAt - Date.now() < EXPIRY_MARGIN_MS;
}

type Listener = () => void;
const sessionExpiredListeners = new Set<Listener>();

/** Called when a refresh is refused: the session is over. Returns an unsubscribe function. */
export function onSessionExpired(listener: Listener): () => void {
  sessionExpiredListeners.add(listener);
  return () => {
    sessionExpiredListeners.delete(listener);
  };
}

let refreshInFlight: Promise<string> | null = null;
let expiryAnnouncedFor: Promise<string> | null = null;

/**
 * Trades the refresh cookie for a new access token. Concurrent callers share one request:
 * refresh tokens rotate, so two parallel refreshes would look like token theft to the server.
 */
export function refreshAccessToken(): Promise<string> {
  refreshInFlight ??= apiClient
    .post<TokenResponse>('/auth/refresh', undefined, { skipAuthRefresh: true })
    .then((response) => {
      setAccessToken(response.data.access_token, response.data.expires_in);
      return response.data.access_token;
    })
    .finally(() => {
      refreshInFlight = null;
    });
  return refreshInFlight;
}

function isRefusal(error: unknown): boolean {
  const status = isAxiosError(error) ? error.response?.status : undefined;
  return status !== undefined && status >= 400 && status < 500;
}

/**
 * Refreshes; a refusal ends the session, announced once however many requests waited on it.
 * Also used by the live-updates stream (lib/events-client.ts), which is not an Axios request.
 */
export async function refreshOrEndSession(): Promise<void> {
  const refresh = refreshAccessToken();
  try {
    await refresh;
  } catch (refreshError) {
    // Network trouble or 503 is no refusal: the session may still be fine, so keep it.
    if (isRefusal(refreshError) && expiryAnnouncedFor !== refresh) {
      expiryAnnouncedFor = refresh;
      setAccessToken(null);
      sessionExpiredListeners.forEach((listener) => {
        listener();
      });
    }
    throw refreshError;
  }
}

// A 401 from a password-bearing request cannot tell an expired token from a wrong password, and
// a retry would spend a second attempt of the login limits. So such a request is never retried:
// instead, a token that is expired or about to be is renewed before it goes out.
apiClient.interceptors.request.use(async (config) => {
  if (config.credentialsInBody && accessTokenExpiring()) {
    await refreshOrEndSession();
  }
  config.sentToken = accessToken;
  if (accessToken) {
    config.headers.set('Authorization', `Bearer ${accessToken}`);
  } else {
    config.headers.delete('Authorization');
  }
  return config;
});

apiClient.interceptors.response.use(undefined, async (error: unknown) => {
  if (!isAxiosError(error) || error.response?.status !== 401 || !error.config) {
    throw error;
  }
  const config = error.config;
  if (config.skipAuthRefresh || config.credentialsInBody || config.authRetried) {
    throw error;
  }
  config.authRetried = true;

  // A request sent with an older token than the current one only needs a retry: someone
  // else already refreshed while it was in flight.
  const tokenChanged = accessToken !== null && accessToken !== config.sentToken;
  if (!tokenChanged) {
    try {
      await refreshOrEndSession();
    } catch (refreshError) {
      // A refused refresh leaves this request's own 401 as the answer.
      throw isRefusal(refreshError) ? error : refreshError;
    }
  }
  return apiClient.request(config);
});
