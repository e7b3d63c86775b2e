// Sets the theme before the first paint (index.html loads this blocking, in <head>): the one
// chosen on this device (src/features/theme/utils/theme.ts writes it, same key), else the system's.
(function () {
  var choice = null;
  try {
    choice = localStorage.getItem('tasktracker.theme');
  } catch {
    // Storage off (a privacy mode): the system's theme.
  }
  var dark =
    choice === 'dark' ||
    (choice !== 'light' && window.matchMedia('(prefers-color-scheme: dark)').matches);
  document.documentElement.dataset.theme = dark ? 'dark' : 'light';
})();
