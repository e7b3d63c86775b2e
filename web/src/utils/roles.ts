import type { Role } from '@/types/api';

// The server decides (docs/API.md, "Projects and sharing"); these only choose which controls to
// show, so a refused request is still possible and still shown as the server's 403.

/** An editor and above create, edit, complete and delete a project's tasks. */
export const canEditTasks = (role: Role | undefined): boolean =>
  role === 'editor' || role === 'admin' || role === 'owner';

/** An admin and above rename the project and manage its members. */
export const canManageProject = (role: Role | undefined): boolean =>
  role === 'admin' || role === 'owner';

/** The roles an invitation or a role change may give: one owner, the creator. */
export const MEMBER_ROLES = ['admin', 'editor', 'viewer'] as const;
export type MemberRole = (typeof MEMBER_ROLES)[number];

export const ROLE_LABELS: Record<Role, string> = {
  owner: 'Owner',
  admin: 'Admin',
  editor: 'Editor',
  viewer: 'Viewer',
};
