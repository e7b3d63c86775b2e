import type { Project } from '@/types/api';

/** The inbox first, then by name regardless of case (as GET /projects orders them). */
export function sortProjects(projects: readonly Project[]): Project[] {
  return [...projects].sort((a, b) => {
    if (a.inbox !== b.inbox) return a.inbox ? -1 : 1;
    const byName = a.name.toLowerCase().localeCompare(b.name.toLowerCase());
    return byName !== 0 ? byName : a.id - b.id;
  });
}
