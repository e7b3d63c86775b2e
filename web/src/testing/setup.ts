import '@testing-library/jest-dom/vitest';
import { cleanup, configure } from '@testing-library/react';
import { afterEach, vi } from 'vitest';

// findBy… and waitFor give up after 1 s by default, which a loaded CI machine can exceed; waiting
// longer costs nothing when things are fast.
configure({ asyncUtilTimeout: 5_000 });

afterEach(() => {
  cleanup();
  // Drafts (hooks/use-draft.ts) and the desktop-notification choice live in storage: each test
  // starts without those of the one before.
  window.sessionStorage.clear();
  window.localStorage.clear();
});

// The app opens the live-updates stream (lib/events-client.ts) as soon as it is shown; tests stay
// off the network. A test of the stream reads the options it was opened with from this mock.
vi.mock('@microsoft/fetch-event-source', () => ({
  fetchEventSource: vi.fn(() => new Promise<void>(() => undefined)),
}));

// jsdom has <dialog> but not its methods: just enough of them for the app's modal dialogs (it
// neither makes the page behind inert nor moves focus; the dialogs' own key handling is tested).
if (!('showModal' in HTMLDialogElement.prototype)) {
  Object.assign(HTMLDialogElement.prototype, {
    showModal(this: HTMLDialogElement) {
      this.setAttribute('open', '');
    },
    close(this: HTMLDialogElement) {
      if (!this.open) return;
      this.removeAttribute('open');
      this.dispatchEvent(new Event('close'));
    },
  });
}
