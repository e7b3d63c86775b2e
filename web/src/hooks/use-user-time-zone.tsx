import { createContext, useContext, type ReactNode } from 'react';
import { browserTimeZone } from '@/utils/time-zones';

const UserTimeZoneContext = createContext<string | null>(null);

/** Puts the signed-in user's zone (their profile's `time_zone`) within reach of every feature. */
export function UserTimeZoneProvider({
  timeZone,
  children,
}: {
  timeZone: string;
  children: ReactNode;
}) {
  return <UserTimeZoneContext value={timeZone}>{children}</UserTimeZoneContext>;
}

/** The zone to show times in: the user's, or the browser's outside a signed-in page. */
export function useUserTimeZone(): string {
  return useContext(UserTimeZoneContext) ?? browserTimeZone();
}
