import axios, { isAxiosError } from 'axios';
import type { TokenResponse } from '@/types/api';

declare module 'axios' {
  // Module augmentation can only merge into an interface.
  // eslint-disable-next-line @typescript-eslint/consistent-type-definitions
  interface AxiosRequestConfig {
    /** A 401 from this request is final: no refresh, no retry (login, refresh, logout). */
    skipAuthRefresh?: boolean;
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

export function getAccessToken(): string | null {
  return accessToken;
}

export function setAccessToken(token: string | null): void {
  accessToken = token;
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
      setAccessToken(response.data.access_token);
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

apiClient.interceptors.request.use((config) => {
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
  if (config.skipAuthRefresh || config.authRetried) {
    throw error;
  }
  config.authRetried = true;

  // A request sent with an older token than the current one only needs a retry: someone
  // else already refreshed while it was in flight.
  const tokenChanged = accessToken !== null && accessToken !== config.sentToken;
  if (!tokenChanged) {
    const refresh = refreshAccessToken();
    try {
      await refresh;
    } catch (refreshError) {
      if (!isRefusal(refreshError)) {
        // Network trouble or 503: the session may still be fine, so keep it.
        throw refreshError;
      }
      // Every request that waited on this refresh lands here; announce the end only once.
      if (expiryAnnouncedFor !== refresh) {
        expiryAnnouncedFor = refresh;
        setAccessToken(null);
        sessionExpiredListeners.forEach((listener) => {
          listener();
        });
      }
      throw error;
    }
  }
  return apiClient.request(config);
});
