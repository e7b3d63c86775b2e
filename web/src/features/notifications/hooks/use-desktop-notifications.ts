import { useCallback, useState, useSyncExternalStore } from 'react';
import {
  desktopState,
  subscribeDesktopState,
  turnOffDesktop,
  turnOnDesktop,
  type DesktopState,
} from '../utils/desktop';

export function useDesktopNotifications(): {
  state: DesktopState;
  asking: boolean;
  turnOn: () => void;
  turnOff: () => void;
} {
  const state = useSyncExternalStore(
    subscribeDesktopState,
    desktopState,
    (): DesktopState => 'unsupported',
  );
  const [asking, setAsking] = useState(false);
  const turnOn = useCallback(() => {
    setAsking(true);
    void turnOnDesktop().finally(() => setAsking(false));
  }, []);
  return { state, asking, turnOn, turnOff: turnOffDesktop };
}
