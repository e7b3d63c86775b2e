import { act, render, screen, waitFor } from '@testing-library/react';
import { dehydrate, onlineManager, QueryClient } from '@tanstack/react-query';
import { afterEach, describe, expect, it } from 'vitest';
import { authKeys } from '@/features/auth/api/keys';
import { dataKeys } from '@/features/data/api/keys';
import { taskKeys } from '@/features/tasks/api/keys';
import { OfflineBanner } from '../offline-banner';
import { forgetOnSignOut, PERSISTED_CACHE_KEY, persistOptions } from '../query-persistence';

afterEach(() => {
  onlineManager.setOnline(true);
  localStorage.clear();
});

/** The query keys a save of `client` would write to the device. */
function keptKeys(client: QueryClient): unknown[] {
  return dehydrate(client, persistOptions.dehydrateOptions).queries.map((q) => q.queryKey);
}

describe('what is kept on the device for offline use', () => {
  it('keeps the session and the task lists, never the calendar feed’s secret address', () => {
    const client = new QueryClient();
    client.setQueryData(authKeys.session(), { id: 1, email: 'a@example.com' });
    client.setQueryData(taskKeys.list({}), { pages: [], pageParams: [] });
    client.setQueryData(dataKeys.calendarFeed(), { url: 'https://x/feed/secret.ics' });

    expect(keptKeys(client)).toEqual(
      expect.arrayContaining([authKeys.session(), taskKeys.list({})]),
    );
    expect(keptKeys(client)).not.toContainEqual(dataKeys.calendarFeed());
  });

  it('does not keep a signed-out session, and drops the kept copy the moment the session ends', async () => {
    const client = new QueryClient();
    const stop = forgetOnSignOut(client);
    localStorage.setItem(PERSISTED_CACHE_KEY, '{"clientState":{}}');
    client.setQueryData(authKeys.session(), { id: 1 });
    expect(localStorage.getItem(PERSISTED_CACHE_KEY)).not.toBeNull();

    client.setQueryData(authKeys.session(), null);
    await waitFor(() => expect(localStorage.getItem(PERSISTED_CACHE_KEY)).toBeNull());
    expect(keptKeys(client)).not.toContainEqual(authKeys.session());
    stop();
  });
});

describe('OfflineBanner', () => {
  it('says the data is the last loaded and read-only while offline, and goes back online', () => {
    render(<OfflineBanner />);
    expect(screen.queryByText(/You are offline/)).toBeNull();

    act(() => onlineManager.setOnline(false));
    expect(
      screen.getByText('You are offline — showing what was last loaded; changes are disabled.'),
    ).toBeInTheDocument();

    act(() => onlineManager.setOnline(true));
    expect(screen.queryByText(/You are offline/)).toBeNull();
  });
});
