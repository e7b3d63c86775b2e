import {
  queryOptions,
  useMutation,
  useQueries,
  useQuery,
  useQueryClient,
} from '@tanstack/react-query';
import { apiClient } from '@/lib/api-client';
import type { Member, MemberList } from '@/types/api';
import type { MemberRole } from '@/utils/roles';
import { projectKeys } from './keys';

export async function getMembers(projectId: number): Promise<Member[]> {
  const response = await apiClient.get<MemberList>(`/projects/${projectId}/members`);
  return response.data.items;
}

export const getMembersQueryOptions = (projectId: number) =>
  queryOptions({ queryKey: projectKeys.members(projectId), queryFn: () => getMembers(projectId) });

export const useMembers = (projectId: number) => useQuery(getMembersQueryOptions(projectId));

/** The members of each project in `projectIds`, by project id (absent while loading). */
export function useMembersByProject(projectIds: readonly number[]): Map<number, Member[]> {
  return useQueries({
    queries: projectIds.map((id) => getMembersQueryOptions(id)),
    combine: (results) => {
      const byProject = new Map<number, Member[]>();
      results.forEach((result, i) => {
        const id = projectIds[i];
        if (result.data && id !== undefined) byProject.set(id, result.data);
      });
      return byProject;
    },
  });
}

export type AddMemberVariables = { projectId: number; email: string; role: MemberRole };

export async function addMember({ projectId, email, role }: AddMemberVariables): Promise<Member> {
  const response = await apiClient.post<Member>(`/projects/${projectId}/members`, { email, role });
  return response.data;
}

export type ChangeRoleVariables = { projectId: number; userId: number; role: MemberRole };

export async function changeRole({
  projectId,
  userId,
  role,
}: ChangeRoleVariables): Promise<Member> {
  const response = await apiClient.patch<Member>(`/projects/${projectId}/members/${userId}`, {
    role,
  });
  return response.data;
}

export type RemoveMemberVariables = { projectId: number; userId: number };

/** Removing oneself is leaving the project. */
export async function removeMember({ projectId, userId }: RemoveMemberVariables): Promise<void> {
  await apiClient.delete(`/projects/${projectId}/members/${userId}`);
}

function useMemberMutation<V extends { projectId: number }, R>(
  mutationFn: (variables: V) => Promise<R>,
) {
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn,
    // A membership changes the members and the caller's own project list (a role, or leaving).
    onSuccess: (_result, { projectId }) =>
      Promise.all([
        queryClient.invalidateQueries({ queryKey: projectKeys.members(projectId) }),
        queryClient.invalidateQueries({ queryKey: projectKeys.list() }),
      ]),
  });
}

export const useAddMember = () => useMemberMutation(addMember);
export const useChangeRole = () => useMemberMutation(changeRole);
export const useRemoveMember = () => useMemberMutation(removeMember);
