import '@testing-library/jest-dom/vitest';
import { cleanup, configure } from '@testing-library/react';
import { afterEach } from 'vitest';

// findBy… and waitFor give up after 1 s by default, which a loaded CI machine can exceed; waiting
// longer costs nothing when things are fast.
configure({ asyncUtilTimeout: 5_000 });

afterEach(() => {
  cleanup();
});
