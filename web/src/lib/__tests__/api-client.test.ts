import { isAxiosError } from 'axios';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { apiClient, getAccessToken, onSessionExpired, setAccessToken } from '@/lib/api-client';
import { delay, mockApi, resetApi, unauthorized, type MockHandler } from '@/testing/mock-api';

const tokens = (token: string) => ({
  status: 200,
  data: { access_token: token, token_type: 'bearer', expires_in: 900 },
});

/** An endpoint that only accepts the given access token. */
const acceptOnly =
  (token: string, data: unknown, waitMs = 0): MockHandler =>
  async (request) => {
    await delay(waitMs);
    return request.authorization === `Bearer ${token}` ? { status: 200, data } : unauthorized();
  };

const statusOf = (error: unknown) => (isAxiosError(error) ? error.response?.status : undefined);

describe('api client: refresh on 401', () => {
  beforeEach(() => {
    setAccessToken('old');
  });
  afterEach(resetApi);

  it('refreshes once for every request in flight and retries each with the new token', async () => {
    let refreshes = 0;
    const { calls } = mockApi({
      'POST /auth/refresh': async () => {
        refreshes += 1;
        await delay(20);
        return tokens('new');
      },
      'GET /tasks': acceptOnly('new', 'tasks'),
      'GET /users/me': acceptOnly('new', 'me'),
      // Its 401 arrives after the refresh is done: it must be retried, not refresh again.
      'GET /notifications': acceptOnly('new', 'notifications', 60),
    });

    const results = await Promise.all([
      apiClient.get<string>('/tasks'),
      apiClient.get<string>('/users/me'),
      apiClient.get<string>('/notifications'),
    ]);

    expect(results.map((r) => r.data)).toEqual(['tasks', 'me', 'notifications']);
    expect(refreshes).toBe(1);
    expect(getAccessToken()).toBe('new');
    const retried = calls.filter(
      (c) => c.url !== '/auth/refresh' && c.authorization === 'Bearer new',
    );
    expect(retried.map((c) => c.url).sort()).toEqual(['/notifications', '/tasks', '/users/me']);
  });

  it('ends the session once, for all waiting requests, when the refresh is refused', async () => {
    const expired = vi.fn();
    const unsubscribe = onSessionExpired(expired);
    let refreshes = 0;
    mockApi({
      'POST /auth/refresh': async () => {
        refreshes += 1;
        await delay(10);
        return unauthorized();
      },
      'GET /tasks': () => unauthorized(),
      'GET /users/me': () => unauthorized(),
    });

    const outcomes = await Promise.allSettled([
      apiClient.get('/tasks'),
      apiClient.get('/users/me'),
    ]);

    expect(outcomes.map((o) => o.status)).toEqual(['rejected', 'rejected']);
    expect(outcomes.map((o) => (o.status === 'rejected' ? statusOf(o.reason) : null))).toEqual([
      401, 401,
    ]);
    expect(refreshes).toBe(1);
    expect(expired).toHaveBeenCalledTimes(1);
    expect(getAccessToken()).toBeNull();
    unsubscribe();
  });

  it('retries a request only once, even if it is refused again after a good refresh', async () => {
    let refreshes = 0;
    const { calls } = mockApi({
      'POST /auth/refresh': () => {
        refreshes += 1;
        return tokens('new');
      },
      'PATCH /tasks/1': () => unauthorized(),
    });

    const error: unknown = await apiClient
      .patch('/tasks/1', { title: 'Pay rent' })
      .catch((e: unknown) => e);

    expect(statusOf(error)).toBe(401);
    expect(refreshes).toBe(1);
    const attempts = calls.filter((c) => c.url === '/tasks/1');
    // The retry carries the same JSON body, not a re-encoded string.
    expect(attempts.map((c) => c.body)).toEqual([{ title: 'Pay rent' }, { title: 'Pay rent' }]);
    expect(getAccessToken()).toBe('new');
  });

  it('does not refresh when the login itself is refused', async () => {
    const { calls } = mockApi({ 'POST /auth/login': () => unauthorized() });

    const error: unknown = await apiClient
      .post(
        '/auth/login',
        { email: 'a@example.com', password: 'wrong-password' },
        { skipAuthRefresh: true },
      )
      .catch((e: unknown) => e);

    expect(statusOf(error)).toBe(401);
    expect(calls.map((c) => c.url)).toEqual(['/auth/login']);
  });

  it('keeps the session when the refresh fails for a reason other than a refusal', async () => {
    const expired = vi.fn();
    const unsubscribe = onSessionExpired(expired);
    mockApi({
      'POST /auth/refresh': () => ({
        status: 503,
        data: { error: { code: 'unavailable', message: 'down' } },
      }),
      'GET /tasks': () => unauthorized(),
    });

    const error: unknown = await apiClient.get('/tasks').catch((e: unknown) => e);

    expect(statusOf(error)).toBe(503);
    expect(expired).not.toHaveBeenCalled();
    expect(getAccessToken()).toBe('old');
    unsubscribe();
  });

  it('renews a token about to expire before a password-bearing request', async () => {
    setAccessToken('old', 10);
    const { calls } = mockApi({
      'POST /auth/refresh': () => tokens('new'),
      'PUT /users/me/password': () => ({ status: 204 }),
    });

    await apiClient.put('/users/me/password', {}, { credentialsInBody: true });

    expect(calls.map((c) => `${c.url} ${c.authorization ?? '-'}`)).toEqual([
      '/auth/refresh Bearer old',
      '/users/me/password Bearer new',
    ]);
  });

  it('does not send a password-bearing request when the session cannot be renewed', async () => {
    const expired = vi.fn();
    const unsubscribe = onSessionExpired(expired);
    const { calls } = mockApi({ 'POST /auth/refresh': () => unauthorized() });

    const error: unknown = await apiClient
      .put('/users/me/password', {}, { credentialsInBody: true })
      .catch((e: unknown) => e);

    expect(statusOf(error)).toBe(401);
    expect(calls.map((c) => c.url)).toEqual(['/auth/refresh']);
    expect(expired).toHaveBeenCalledTimes(1);
    expect(getAccessToken()).toBeNull();
    unsubscribe();
  });

  it('sends the in-memory access token as a Bearer header', async () => {
    const { calls } = mockApi({ 'GET /users/me': () => ({ status: 200, data: {} }) });
    await apiClient.get('/users/me');
    expect(calls[0]?.authorization).toBe('Bearer old');
  });
});
