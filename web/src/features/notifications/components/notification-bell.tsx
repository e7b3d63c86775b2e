import { useEffect, useId, useRef, useState } from 'react';
import { BellIcon } from '@/components/ui/icons';
import { errorMessage } from '@/lib/api-error';
import { useUnreadNotifications } from '../api/get-notifications';
import { useMarkAllNotificationsRead } from '../api/mark-all-read';
import { DesktopToggle } from './desktop-toggle';
import { NotificationList } from './notification-list';

export function NotificationBell() {
  const [open, setOpen] = useState(false);
  const unread = useUnreadNotifications();
  const markAll = useMarkAllNotificationsRead();
  const panelId = useId();
  const containerRef = useRef<HTMLDivElement>(null);
  const buttonRef = useRef<HTMLButtonElement>(null);

  useEffect(() => {
    if (!open) return;
    const onKey = (event: KeyboardEvent) => {
      if (event.key === 'Escape') {
        setOpen(false);
        buttonRef.current?.focus();
      }
    };
    const onPointer = (event: PointerEvent) => {
      if (event.target instanceof Node && !containerRef.current?.contains(event.target)) {
        setOpen(false);
      }
    };
    document.addEventListener('keydown', onKey);
    document.addEventListener('pointerdown', onPointer);
    return () => {
      document.removeEventListener('keydown', onKey);
      document.removeEventListener('pointerdown', onPointer);
    };
  }, [open]);

  const count = unread.data?.items.length ?? 0;
  // The first page is all we fetch; more unread than that is shown as "N+".
  const countLabel = `${count}${unread.data?.next_cursor ? '+' : ''}`;
  const name = count > 0 ? `Notifications, ${countLabel} unread` : 'Notifications';

  return (
    <div className="bell" ref={containerRef}>
      <button
        ref={buttonRef}
        type="button"
        aria-label={name}
        aria-expanded={open}
        aria-controls={panelId}
        onClick={() => setOpen((o) => !o)}
      >
        <BellIcon />
        {count > 0 && (
          <span className="bell-count" aria-hidden="true" data-testid="unread-count">
            {countLabel}
          </span>
        )}
      </button>
      {open && (
        <div id={panelId} className="bell-panel" role="region" aria-label="Notifications">
          <div className="bell-panel-actions">
            {count > 0 && (
              <button type="button" disabled={markAll.isPending} onClick={() => markAll.mutate()}>
                Mark all read
              </button>
            )}
            <DesktopToggle />
          </div>
          {markAll.isError && (
            <p role="alert" className="form-error">
              Could not mark them read: {errorMessage(markAll.error)}
            </p>
          )}
          <NotificationList onOpenedTask={() => setOpen(false)} />
        </div>
      )}
    </div>
  );
}
