import { Fragment, useId } from 'react';
import { ModalDialog } from './modal-dialog';

export type ShortcutEntry = { keys: readonly string[]; action: string };

/** The keyboard shortcuts, in a modal dialog; Escape or Close shuts it and focus goes back. */
export function ShortcutSheet({
  shortcuts,
  onClose,
}: {
  shortcuts: readonly ShortcutEntry[];
  onClose: () => void;
}) {
  const headingId = useId();
  return (
    <ModalDialog labelledBy={headingId} className="shortcut-sheet" onClose={onClose}>
      <div className="dialog-heading">
        <h2 id={headingId}>Keyboard shortcuts</h2>
        <button type="button" onClick={onClose}>
          Close
        </button>
      </div>
      <dl className="shortcut-list">
        {shortcuts.map(({ keys, action }) => (
          <div key={action}>
            <dt>
              {keys.map((key, i) => (
                <Fragment key={key}>
                  {i > 0 && ' or '}
                  <kbd>{key}</kbd>
                </Fragment>
              ))}
            </dt>
            <dd>{action}</dd>
          </div>
        ))}
      </dl>
    </ModalDialog>
  );
}
