import { onlineManager } from '@tanstack/react-query';
import { useSyncExternalStore } from 'react';

/**
 * Whether the browser says it has a network, as TanStack Query sees it (it pauses queries and
 * mutations while offline). onlineManager starts out "online" and learns only from events, so
 * a page loaded without a network is told at once (app/offline/query-persistence.ts).
 */
export function useOnline(): boolean {
  return useSyncExternalStore(
    (onChange) => onlineManager.subscribe(onChange),
    () => onlineManager.isOnline(),
  );
}
