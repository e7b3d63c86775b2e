import { useQueryClient } from '@tanstack/react-query';
import { Link, useNavigate, useParams } from 'react-router';
import { ErrorState, Loading } from '@/components/ui/status';
import { paths } from '@/config/paths';
import { useSession } from '@/features/auth/api/get-session';
import { useProjects } from '@/features/projects/api/get-projects';
import { useMembersByProject } from '@/features/projects/api/members';
import { ProjectHeader } from '@/features/projects/components/project-header';
import { ProjectSidebar } from '@/features/projects/components/project-sidebar';
import type { TaskFilters as TaskListFilters } from '@/features/tasks/api/keys';
import { useLabels } from '@/features/tasks/api/get-labels';
import { taskKeys } from '@/features/tasks/api/keys';
import { TaskFilters } from '@/features/tasks/components/task-filters';
import { TaskList } from '@/features/tasks/components/task-list';
import { TaskAccessContext, type TaskAccess } from '@/features/tasks/hooks/use-task-access';
import { useTaskFilters } from '@/features/tasks/hooks/use-task-filters';
import { isFiltered } from '@/features/tasks/utils/filters';
import { errorMessage } from '@/lib/api-error';
import { canEditTasks } from '@/utils/roles';
import { NewTask } from './new-task';

/** Which tasks the page shows: every project's, those assigned to me, or one project's. */
export type TaskView = { kind: 'all' } | { kind: 'assigned' } | { kind: 'project'; id: number };

export function TasksRoute({ view }: { view: 'all' | 'assigned' | 'project' }) {
  const { projectId } = useParams();
  const id = Number(projectId);
  const taskView: TaskView =
    view === 'project'
      ? { kind: 'project', id }
      : view === 'assigned'
        ? { kind: 'assigned' }
        : { kind: 'all' };
  return <TasksPage view={taskView} />;
}

/** The list query's part that the view decides; the filter controls add the rest. */
function viewFilters(view: TaskView): Partial<TaskListFilters> {
  switch (view.kind) {
    case 'project':
      return { project_id: view.id };
    case 'assigned':
      return { assignee: 'me' };
    case 'all':
      return {};
  }
}

function TasksPage({ view }: { view: TaskView }) {
  const { state, setState, apiFilters } = useTaskFilters();
  const { data: user } = useSession();
  const projects = useProjects();
  const labels = useLabels();
  const members = useMembersByProject(projects.data?.map((p) => p.id) ?? []);
  const queryClient = useQueryClient();
  const navigate = useNavigate();

  const roles = new Map(projects.data?.map((p) => [p.id, p.role]));
  const access: TaskAccess = {
    canEdit: (id) => canEditTasks(roles.get(id)),
    membersOf: (id) => members.get(id),
    currentUserId: user?.id ?? null,
    movableTo: (projects.data ?? [])
      .filter((p) => canEditTasks(p.role))
      .map((p) => ({ id: p.id, name: p.name })),
  };
  const inbox = projects.data?.find((p) => p.inbox);
  const selected =
    view.kind === 'project' ? projects.data?.find((p) => p.id === view.id) : undefined;
  // New tasks go into the selected project; from "All projects" and "Assigned to me", the inbox.
  const target = view.kind === 'project' ? view.id : inbox?.id;
  const canCreate = view.kind === 'project' ? canEditTasks(selected?.role) : true;

  const leaveView = () => {
    void queryClient.invalidateQueries({ queryKey: taskKeys.all });
    void navigate(paths.app.tasks.path, { replace: true });
  };

  const main = () => {
    if (view.kind === 'project' && !selected) {
      if (projects.isPending) return <Loading label="Loading the project…" />;
      if (projects.isError) {
        return (
          <ErrorState
            message={errorMessage(projects.error)}
            onRetry={() => void projects.refetch()}
          />
        );
      }
      return (
        <div role="alert" className="error-state">
          <p>This project does not exist, or you are not a member of it.</p>
          <Link to={paths.app.tasks.path}>Show all projects</Link>
        </div>
      );
    }
    return (
      <>
        {selected ? (
          <ProjectHeader
            key={selected.id}
            project={selected}
            currentUserId={user?.id ?? 0}
            onGone={leaveView}
          />
        ) : (
          <h1>{view.kind === 'assigned' ? 'Assigned to me' : 'Tasks'}</h1>
        )}
        {canCreate && <NewTask projectId={target} />}
        <TaskFilters value={state} onChange={setState} labels={labels.data} />
        <TaskList filters={{ ...apiFilters, ...viewFilters(view) }} filtered={isFiltered(state)} />
      </>
    );
  };

  return (
    <TaskAccessContext value={access}>
      <div className="tasks-layout">
        <ProjectSidebar onCreated={(id) => void navigate(paths.app.project.getHref(id))} />
        <div className="tasks-main">{main()}</div>
      </div>
    </TaskAccessContext>
  );
}
