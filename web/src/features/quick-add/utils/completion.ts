import type { QuickAddProject } from './parse-quick-add';

/** The `@` being typed at the caret and the projects its words so far could be. */
export type Completion = { at: number; matches: QuickAddProject[] };

const MAX_OPTIONS = 8;

/**
 * The projects to offer while the word at `caret` starts with `@` (at a word's start, and not a
 * closed `@"…"`): those whose name, or one of its words, begins with what follows. Null when
 * there is nothing to offer, or the only match is typed out already.
 */
export function completionAt(
  text: string,
  caret: number,
  projects: readonly QuickAddProject[],
): Completion | null {
  const before = text.slice(0, caret);
  const at = before.lastIndexOf('@');
  if (at < 0 || (at > 0 && !/\s/u.test(before[at - 1] ?? ''))) return null;
  let query = before.slice(at + 1);
  if (query.startsWith('"')) {
    query = query.slice(1);
    if (query.includes('"')) return null;
  }
  const q = query.toLowerCase();
  const starts = (name: string) => name.toLowerCase().startsWith(q);
  const wordStarts = (name: string) =>
    name
      .toLowerCase()
      .split(/\s+/u)
      .some((word) => word.startsWith(q));
  const matches = projects
    .filter((p) => starts(p.name) || wordStarts(p.name))
    .sort(
      (a, b) => Number(starts(b.name)) - Number(starts(a.name)) || a.name.localeCompare(b.name),
    );
  if (matches.length === 0) return null;
  if (matches.length === 1 && matches[0]?.name.toLowerCase() === q) return null;
  return { at, matches: matches.slice(0, MAX_OPTIONS) };
}

/**
 * The line with the `@…` typed so far replaced by `project`'s name, and the caret after it. The
 * name goes in quotes only where the longest-name rule would read more: another project's name
 * that starts with it and a space ("Home" beside "Home renovation"), or a quote in it.
 */
export function insertProject(
  text: string,
  completion: Completion,
  caret: number,
  project: QuickAddProject,
  projects: readonly QuickAddProject[],
): { text: string; caret: number } {
  const name = project.name.toLowerCase();
  const ambiguous =
    project.name.includes('"') ||
    projects.some((p) => p.id !== project.id && p.name.toLowerCase().startsWith(`${name} `));
  const token =
    ambiguous && !project.name.includes('"') ? `@"${project.name}"` : `@${project.name}`;
  const after = text.slice(caret);
  const spaced = /^\s/u.test(after) ? token : `${token} `;
  const head = text.slice(0, completion.at) + spaced;
  return { text: head + after, caret: head.length + (spaced === token ? 1 : 0) };
}
