import { useOnline } from '@/hooks/use-online';

/**
 * Always in the page, so screen readers hear it appear (a live region must exist beforehand);
 * aria-live rather than role="status", which would make an empty status on every page.
 */
export function OfflineBanner() {
  const online = useOnline();
  return (
    <div aria-live="polite" className="offline-banner-region">
      {!online && (
        <p className="offline-banner">
          You are offline — showing what was last loaded; changes are disabled.
        </p>
      )}
    </div>
  );
}
