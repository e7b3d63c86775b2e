import { fetchEventSource, type FetchEventSourceInit } from '@microsoft/fetch-event-source';
import { QueryClient, QueryClientProvider, useQuery } from '@tanstack/react-query';
import { renderHook, waitFor } from '@testing-library/react';
import type { ReactNode } from 'react';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { notificationKeys } from '@/features/notifications/api/keys';
import { projectKeys } from '@/features/projects/api/keys';
import { taskKeys } from '@/features/tasks/api/keys';
import { setAccessToken } from '@/lib/api-client';
import { EVENTS_URL } from '@/lib/events-client';
import { mockApi, resetApi } from '@/testing/mock-api';
import { useLiveUpdates } from '../use-live-updates';

// fetch-event-source is mocked for every test (src/testing/setup.ts): this one reads the options
// the app opened the stream with, and plays the server's part through them.
const open = vi.mocked(fetchEventSource);

const KEYS = {
  taskList: taskKeys.list({ sort: '-created_at' }),
  labels: taskKeys.labels(),
  completions: taskKeys.completions(7),
  otherCompletions: taskKeys.completions(8),
  projects: projectKeys.list(),
  members: projectKeys.members(3),
  notifications: notificationKeys.list({ unread: true }),
};
type Name = keyof typeof KEYS;

function setup(onNotification?: (event: { id: number; task_id: number }) => void) {
  const queryClient = new QueryClient({ defaultOptions: { queries: { staleTime: Infinity } } });
  for (const key of Object.values(KEYS)) queryClient.setQueryData(key, { cached: true });
  const wrapper = ({ children }: { children: ReactNode }) => (
    <QueryClientProvider client={queryClient}>{children}</QueryClientProvider>
  );
  const hook = renderHook(() => useLiveUpdates({ onNotification }), { wrapper });
  expect(open).toHaveBeenCalledTimes(1);
  const [url, options] = open.mock.calls[0] as [string, FetchEventSourceInit];
  const stale = () =>
    (Object.keys(KEYS) as Name[]).filter(
      (name) => queryClient.getQueryState(KEYS[name])?.isInvalidated,
    );
  const send = (event: string, data: unknown) =>
    options.onmessage?.({ id: '', event, data: JSON.stringify(data) });
  return { hook, url, options, stale, send };
}

/** What the client throws on opening with `response` (so that the library calls onerror). */
function refusal(options: FetchEventSourceInit, response: Response): unknown {
  try {
    void options.onopen?.(response);
  } catch (error) {
    return error;
  }
  throw new Error(`the client accepted a ${response.status}`);
}

const stream = () =>
  new Response('', { status: 200, headers: { 'content-type': 'text/event-stream' } });

describe('live updates', () => {
  beforeEach(() => {
    open.mockClear();
  });
  afterEach(resetApi);

  it('opens GET /events and, on a task event, refetches the task lists, labels and its history', () => {
    const { url, send, stale } = setup();
    expect(url).toBe(EVENTS_URL);
    send('task', { op: 'updated', id: 7, project_id: 3, version: 2 });
    expect(stale()).toEqual(['taskList', 'labels', 'completions']);
  });

  it('on a project event, refetches the projects and their members, not the tasks', () => {
    const { send, stale } = setup();
    send('project', { op: 'member_added', id: 3 });
    expect(stale()).toEqual(['projects', 'members']);
  });

  it('on losing a project, refetches the task lists too', () => {
    const { send, stale } = setup();
    send('project', { op: 'member_removed', id: 3 });
    expect(stale()).toEqual(['taskList', 'labels', 'projects', 'members']);
  });

  it('on a notification event, refetches the notifications and the task lists', () => {
    const { send, stale } = setup();
    send('notification', { id: 4, task_id: 7 });
    expect(stale()).toEqual(['taskList', 'notifications']);
  });

  it('hands a notification event to the desktop notifications, and no other event', () => {
    const onNotification = vi.fn();
    const { send } = setup(onNotification);
    send('task', { op: 'updated', id: 7, project_id: 3, version: 2 });
    send('notification', { id: 4, task_id: 7 });
    expect(onNotification).toHaveBeenCalledTimes(1);
    expect(onNotification).toHaveBeenCalledWith({ id: 4, task_id: 7 });
  });

  it('ignores events it does not know', () => {
    const { send, stale, options } = setup();
    send('task', { op: 'updated' });
    send('weather', { id: 1 });
    options.onmessage?.({ id: '', event: 'task', data: 'not json' });
    expect(stale()).toEqual([]);
  });

  it('refetches everything shown when the stream (re)opens: events missed meanwhile are lost', async () => {
    const { options, stale } = setup();
    await options.onopen?.(stream());
    expect(stale()).toEqual(Object.keys(KEYS));
  });

  it('starts again a fetch under way when the stream opens: it may predate a missed event', async () => {
    const queryClient = new QueryClient({ defaultOptions: { queries: { retry: false } } });
    // Shown already, and being refetched (it is stale) when the stream opens.
    queryClient.setQueryData(KEYS.taskList, 'cached');
    const answers: ((value: string) => void)[] = [];
    const queryFn = vi.fn(() => new Promise<string>((resolve) => answers.push(resolve)));
    const wrapper = ({ children }: { children: ReactNode }) => (
      <QueryClientProvider client={queryClient}>{children}</QueryClientProvider>
    );
    const { result } = renderHook(
      () => {
        useLiveUpdates();
        return useQuery({ queryKey: KEYS.taskList, queryFn });
      },
      { wrapper },
    );
    const [, options] = open.mock.calls[0] as [string, FetchEventSourceInit];
    expect(queryFn).toHaveBeenCalledTimes(1);

    await options.onopen?.(stream());
    await waitFor(() => expect(queryFn).toHaveBeenCalledTimes(2));
    // The answer that counts is the one read after the stream opened.
    answers[1]?.('after');
    answers[0]?.('before');
    await waitFor(() => expect(result.current.data).toBe('after'));
  });

  it('closes the stream when the app goes (logout unmounts it)', () => {
    const { hook, options } = setup();
    expect(options.signal?.aborted).toBe(false);
    hook.unmount();
    expect(options.signal?.aborted).toBe(true);
  });

  it('sends the current access token, refreshing it first after a 401', async () => {
    const { calls } = mockApi({
      'POST /auth/refresh': () => ({
        status: 200,
        data: { access_token: 'fresh', token_type: 'bearer', expires_in: 900 },
      }),
    });
    setAccessToken('old', 900);
    const fetchSpy = vi.fn(() => Promise.resolve(stream()));
    vi.stubGlobal('fetch', fetchSpy);
    const { options } = setup();
    const authorization = () =>
      new Headers((fetchSpy.mock.calls.at(-1) as unknown as [string, RequestInit])[1].headers).get(
        'Authorization',
      );

    await options.fetch?.(EVENTS_URL, {});
    expect(authorization()).toBe('Bearer old');

    // A 401: retry at once, with a refreshed token.
    expect(options.onerror?.(refusal(options, new Response('', { status: 401 })))).toBe(0);
    await options.fetch?.(EVENTS_URL, {});
    expect(calls.filter((c) => c.url === '/auth/refresh')).toHaveLength(1);
    expect(authorization()).toBe('Bearer fresh');
    vi.unstubAllGlobals();
  });

  it('backs off on a 503, longer each time, up to 30 s', () => {
    const { options } = setup();
    const failure = refusal(options, new Response('', { status: 503 }));
    const waits = Array.from({ length: 8 }, () => options.onerror?.(failure) as number);
    expect(waits[0]).toBeGreaterThanOrEqual(500);
    expect(waits[0]).toBeLessThanOrEqual(1_000);
    expect(waits[7]).toBeGreaterThanOrEqual(15_000);
    expect(waits[7]).toBeLessThanOrEqual(30_000);
  });
});
