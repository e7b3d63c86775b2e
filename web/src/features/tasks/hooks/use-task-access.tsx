import { createContext, useContext } from 'react';
import type { Member } from '@/types/api';

/**
 * What the signed-in user may do with the tasks of each project, and who can be assigned them.
 * The app layer provides it from the projects and their members; the tasks feature never fetches
 * projects itself. Without a provider everything is allowed and no one is offered for assignment.
 */
export type TaskAccess = {
  /** Whether the caller may create, edit, complete and delete tasks of the project. */
  canEdit: (projectId: number) => boolean;
  /** The project's members (whom its tasks may be assigned to); undefined while unknown. */
  membersOf: (projectId: number) => readonly Member[] | undefined;
  currentUserId: number | null;
  /** The projects the caller may move a task into (those whose tasks they may edit). */
  movableTo?: readonly ProjectChoice[];
};

export type ProjectChoice = { id: number; name: string };

const UNRESTRICTED: TaskAccess = {
  canEdit: () => true,
  membersOf: () => undefined,
  currentUserId: null,
  movableTo: [],
};

export const TaskAccessContext = createContext<TaskAccess>(UNRESTRICTED);

export const useTaskAccess = () => useContext(TaskAccessContext);
