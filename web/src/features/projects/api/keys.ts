export const projectKeys = {
  all: ['projects'] as const,
  list: () => [...projectKeys.all, 'list'] as const,
  memberLists: () => [...projectKeys.all, 'members'] as const,
  members: (projectId: number) => [...projectKeys.memberLists(), projectId] as const,
};
