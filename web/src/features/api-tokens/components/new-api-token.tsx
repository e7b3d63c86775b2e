import { useEffect, useId, useRef, useState } from 'react';
import type { CreatedApiToken } from '../types';

type CopyState = 'idle' | 'copied' | 'failed';

/**
 * The token just created, shown this once: the server keeps only its hash, so once this is
 * dismissed (or the page left) no one can show it again.
 */
export function NewApiToken({
  token,
  onDismiss,
}: {
  token: CreatedApiToken;
  onDismiss: () => void;
}) {
  const [copy, setCopy] = useState<CopyState>('idle');
  const headingId = useId();
  const warningId = useId();
  const input = useRef<HTMLInputElement>(null);
  const region = useRef<HTMLElement>(null);

  // Focus moves here so that a keyboard or screen-reader user learns of it at once.
  useEffect(() => {
    region.current?.focus();
  }, []);

  const onCopy = async () => {
    try {
      // Absent outside a secure context (plain HTTP on another host than localhost).
      if (typeof navigator.clipboard === 'undefined') throw new Error('no clipboard');
      await navigator.clipboard.writeText(token.token);
      setCopy('copied');
    } catch {
      input.current?.select();
      setCopy('failed');
    }
  };

  return (
    <section ref={region} className="new-token card" aria-labelledby={headingId} tabIndex={-1}>
      <h2 id={headingId}>Your new token “{token.name}”</h2>
      <p id={warningId} className="warning">
        Copy it now: it will not be shown again. Anyone who has it can act as you within its scopes,
        so keep it as you would a password.
      </p>
      <div className="token-row">
        <input
          ref={input}
          type="text"
          readOnly
          aria-label="The new token"
          aria-describedby={warningId}
          value={token.token}
          spellCheck={false}
          onFocus={(e) => e.target.select()}
        />
        <button type="button" className="primary" onClick={() => void onCopy()}>
          Copy
        </button>
      </div>
      <p role="status" className={copy === 'failed' ? 'form-error' : 'success'}>
        {copy === 'copied' && 'Copied to the clipboard.'}
        {copy === 'failed' && 'This browser would not copy it: it is selected, copy it yourself.'}
      </p>
      <div className="actions">
        <button type="button" onClick={onDismiss}>
          I have copied it
        </button>
      </div>
    </section>
  );
}
