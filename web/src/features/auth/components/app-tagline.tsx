/** What the app is, in one line, on the first screen a visitor sees. */
export function AppTagline() {
  return (
    <p className="app-tagline">
      <strong>Task Tracker</strong> — your own fast, private to-do list, shared with the people you
      choose.
    </p>
  );
}
