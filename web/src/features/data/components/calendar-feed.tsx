import { useState } from 'react';
import { errorMessage } from '@/lib/api-error';
import { useCalendarFeed, useRotateCalendarFeed } from '../api/calendar-feed';

/** The secret calendar address, to copy into a calendar app, and its rotation. */
export function CalendarFeed() {
  const feed = useCalendarFeed();
  const rotate = useRotateCalendarFeed();
  const [confirming, setConfirming] = useState(false);
  const [copied, setCopied] = useState<'yes' | 'failed' | null>(null);

  if (feed.isPending) return <p>Loading the calendar address…</p>;
  if (feed.isError) {
    return (
      <p role="alert" className="form-error">
        {errorMessage(feed.error)}
      </p>
    );
  }
  const url = feed.data.url;
  const copy = () => {
    navigator.clipboard.writeText(url).then(
      () => setCopied('yes'),
      () => setCopied('failed'),
    );
  };

  return (
    <>
      <p>
        Subscribe to this address in your calendar app to see your open tasks with due dates. Anyone
        who has it can read them: keep it private.
      </p>
      <div className="actions">
        <input
          aria-label="Calendar feed address"
          readOnly
          value={url}
          onFocus={(e) => e.target.select()}
        />
        <button type="button" onClick={copy}>
          Copy
        </button>
      </div>
      {copied === 'yes' && <p role="status">Copied.</p>}
      {copied === 'failed' && (
        <p role="alert" className="form-error">
          Could not copy; select the address and copy it yourself.
        </p>
      )}
      {rotate.isError && (
        <p role="alert" className="form-error">
          {errorMessage(rotate.error)}
        </p>
      )}
      {confirming ? (
        <div className="actions" role="group" aria-label="Confirm new address">
          <p>
            The current address stops working at once; calendars subscribed to it stop updating.
          </p>
          <button
            type="button"
            className="danger"
            disabled={rotate.isPending}
            onClick={() =>
              rotate.mutate(undefined, {
                onSuccess: () => {
                  setConfirming(false);
                  setCopied(null);
                },
              })
            }
          >
            {rotate.isPending ? 'Making a new address…' : 'Make a new address'}
          </button>
          <button type="button" onClick={() => setConfirming(false)}>
            Cancel
          </button>
        </div>
      ) : (
        <button type="button" onClick={() => setConfirming(true)}>
          Rotate address…
        </button>
      )}
    </>
  );
}
