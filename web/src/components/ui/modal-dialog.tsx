import { useLayoutEffect, useRef, type ReactNode, type RefObject } from 'react';

const TABBABLE = [
  'a[href]',
  'button:not([disabled])',
  'input:not([disabled]):not([type="hidden"])',
  'select:not([disabled])',
  'textarea:not([disabled])',
  '[tabindex]:not([tabindex="-1"])',
].join(', ');

function tabbables(root: HTMLElement): HTMLElement[] {
  return [...root.querySelectorAll<HTMLElement>(TABBABLE)].filter(
    (element) => !element.closest('[hidden], [inert]'),
  );
}

/** Tab past the last control goes to the first, Shift+Tab before the first to the last. */
function wrapFocus(dialog: HTMLDialogElement, event: globalThis.KeyboardEvent): void {
  const items = tabbables(dialog);
  const first = items[0];
  const last = items.at(-1);
  if (!first || !last) {
    event.preventDefault();
    return;
  }
  const active = document.activeElement;
  const outside = !(active instanceof HTMLElement) || !items.includes(active);
  if (event.shiftKey && (outside || active === first)) {
    event.preventDefault();
    last.focus();
  } else if (!event.shiftKey && (outside || active === last)) {
    event.preventDefault();
    first.focus();
  }
}

type Props = {
  /** The id of the element that names the dialog (its heading). */
  labelledBy: string;
  className?: string;
  /** Escape, or the browser's own close request (e.g. a phone's back gesture). */
  onClose: () => void;
  /** Where focus goes once the dialog is gone; by default, wherever it was before it opened. */
  returnFocusTo?: RefObject<HTMLElement | null>;
  children: ReactNode;
};

/**
 * A modal `<dialog>` opened with `showModal()`: the page behind it is inert and it sits above
 * everything. Tab and Shift+Tab also wrap inside it, since a modal dialog alone lets focus
 * leave the page for the browser's own toolbar after its last control.
 */
export function ModalDialog({ labelledBy, className, onClose, returnFocusTo, children }: Props) {
  const ref = useRef<HTMLDialogElement>(null);

  // A layout effect, so that closing (and giving focus back) happens before the element leaves
  // the document: a dialog removed while still modal restores focus nowhere.
  useLayoutEffect(() => {
    const dialog = ref.current;
    if (!dialog) return;
    const opener = document.activeElement instanceof HTMLElement ? document.activeElement : null;
    const returnTarget = returnFocusTo?.current ?? opener;
    if (!dialog.open) dialog.showModal();
    // The dialog itself, not its first control: a screen reader then reads its name first.
    dialog.focus();
    // On the document, not the dialog: focus may be on <body> (the focused control was just
    // disabled or removed), and the browser's next stop from there can be its own toolbar.
    const onKeyDown = (event: globalThis.KeyboardEvent) => {
      if (event.key === 'Tab' && !event.defaultPrevented) wrapFocus(dialog, event);
    };
    document.addEventListener('keydown', onKeyDown);
    return () => {
      document.removeEventListener('keydown', onKeyDown);
      if (dialog.open) dialog.close();
      if (returnTarget?.isConnected) returnTarget.focus();
    };
  }, [returnFocusTo]);

  return (
    <dialog
      ref={ref}
      aria-labelledby={labelledBy}
      className={['dialog', className].filter(Boolean).join(' ')}
      tabIndex={-1}
      onKeyDown={(event) => {
        if (event.key === 'Escape') {
          event.preventDefault();
          onClose();
        }
      }}
      onCancel={(event) => {
        // The close request Escape did not already handle: the parent decides, not the browser.
        event.preventDefault();
        onClose();
      }}
    >
      {children}
    </dialog>
  );
}
