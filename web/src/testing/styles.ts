import appStyles from '@/index.css?raw';

/**
 * Puts the app's style sheet in the document, so a test can check what `getComputedStyle` makes
 * of it. Returns a function that takes it out again.
 */
export function applyAppStyles(): () => void {
  if (!appStyles) throw new Error('index.css came in empty: see test.css in vite.config.ts');
  const style = document.createElement('style');
  style.textContent = appStyles;
  document.head.append(style);
  return () => {
    style.remove();
  };
}
