import { useQueryClient } from '@tanstack/react-query';
import { Link, useNavigate, useParams } from 'react-router';
import { ErrorState, Loading } from '@/components/ui/status';
import { paths } from '@/config/paths';
import { useSession } from '@/features/auth/api/get-session';
import { useProjects } from '@/features/projects/api/get-projects';
import { useMembersByProject } from '@/features/projects/api/members';
import { ProjectHeader } from '@/features/projects/components/project-header';
import { ProjectSidebar, type SidebarCounts } from '@/features/projects/components/project-sidebar';
import type { TaskFilters as TaskListFilters } from '@/features/tasks/api/keys';
import { useLabels } from '@/features/tasks/api/get-labels';
import { useTaskCounts } from '@/features/tasks/api/get-task-counts';
import { taskKeys } from '@/features/tasks/api/keys';
import { TaskFilters } from '@/features/tasks/components/task-filters';
import { TaskList } from '@/features/tasks/components/task-list';
import { TaskAccessContext, type TaskAccess } from '@/features/tasks/hooks/use-task-access';
import { useTaskFilters } from '@/features/tasks/hooks/use-task-filters';
import { isFiltered } from '@/features/tasks/utils/filters';
import {
  foldsCompleted,
  hasFixedOrder,
  viewFilters,
  viewTitle,
  type TaskView,
} from '@/features/tasks/utils/views';
import { useNow } from '@/hooks/use-now';
import { useUserTimeZone } from '@/hooks/use-user-time-zone';
import { errorMessage } from '@/lib/api-error';
import { canEditTasks } from '@/utils/roles';
import { NewTask } from './new-task';

export function TasksRoute({ view }: { view: TaskView['kind'] }) {
  const { projectId } = useParams();
  const taskView: TaskView =
    view === 'project' ? { kind: 'project', id: Number(projectId) } : { kind: view };
  return <TasksPage view={taskView} />;
}

const EMPTY: Partial<Record<TaskView['kind'], string>> = {
  today: 'Nothing due today. Enjoy the day.',
  upcoming: 'Nothing due in the next 7 days.',
  completed: 'No completed tasks yet.',
  assigned: 'Nothing is assigned to you.',
};

/**
 * The list queries of a view: the filter controls' part, then the view's own. Where completed
 * tasks fold under the open ones, the open ones come first in the chosen order (by default the
 * soonest due first, so overdue ones lead and undated ones close the list).
 */
function listQueries(view: TaskView, controls: TaskListFilters, now: number, timeZone: string) {
  const own = viewFilters(view, now, timeZone);
  if (hasFixedOrder(view)) {
    // The view decides status, order and overdue; search, priority and labels still narrow it.
    const narrowing: TaskListFilters = { ...controls };
    delete narrowing.completed;
    delete narrowing.sort;
    delete narrowing.overdue;
    return { filters: { ...narrowing, ...own }, folded: undefined };
  }
  const filters = { ...controls, ...own };
  if (!foldsCompleted(view) || filters.completed !== undefined)
    return { filters, folded: undefined };
  return {
    filters: { ...filters, completed: false },
    folded: { ...filters, completed: true },
  };
}

function useSidebarCounts(): SidebarCounts | undefined {
  const counts = useTaskCounts();
  if (!counts.data) return undefined;
  const { projects, ...views } = counts.data;
  return {
    ...views,
    all: projects.reduce((sum, p) => sum + p.open, 0),
    projects: new Map(projects.map((p) => [p.project_id, p.open])),
  };
}

function TasksPage({ view }: { view: TaskView }) {
  const { state, setState, apiFilters } = useTaskFilters();
  const now = useNow();
  const timeZone = useUserTimeZone();
  const counts = useSidebarCounts();
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

  const title = view.kind === 'project' ? (selected?.name ?? 'Project') : viewTitle(view);
  const { filters, folded } = listQueries(view, apiFilters, now, timeZone);

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
          <h1>{title}</h1>
        )}
        {canCreate && <NewTask projectId={target} />}
        <TaskFilters
          value={state}
          onChange={setState}
          labels={labels.data}
          fixedOrder={hasFixedOrder(view)}
        />
        <TaskList
          filters={filters}
          folded={folded}
          filtered={isFiltered(state)}
          grouping={view.kind === 'today' ? 'today' : view.kind === 'upcoming' ? 'by-day' : 'none'}
          emptyMessage={EMPTY[view.kind]}
        />
      </>
    );
  };

  return (
    <TaskAccessContext value={access}>
      {/* React puts it in the document's head. */}
      <title>{`${title} — Task Tracker`}</title>
      <div className="tasks-layout">
        <ProjectSidebar
          counts={counts}
          onCreated={(id) => void navigate(paths.app.project.getHref(id))}
        />
        <div className="tasks-main">{main()}</div>
      </div>
    </TaskAccessContext>
  );
}
