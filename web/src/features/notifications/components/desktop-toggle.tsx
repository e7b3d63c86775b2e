import { useDesktopNotifications } from '../hooks/use-desktop-notifications';

/** The opt-in for system notifications, and what the browser currently allows. */
export function DesktopToggle() {
  const { state, asking, turnOn, turnOff } = useDesktopNotifications();
  if (state === 'unsupported') return null;
  return (
    <div className="desktop-toggle">
      <p aria-live="polite">
        {state === 'on' && 'Desktop notifications: on.'}
        {state === 'blocked' &&
          'Desktop notifications are blocked by the browser: allow them in its site settings.'}
      </p>
      {state === 'off' && (
        <button type="button" disabled={asking} onClick={turnOn}>
          Turn on desktop notifications
        </button>
      )}
      {state === 'on' && (
        <button type="button" onClick={turnOff}>
          Turn off desktop notifications
        </button>
      )}
    </div>
  );
}
