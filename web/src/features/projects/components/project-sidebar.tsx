import { useState } from 'react';
import { NavLink, useLocation } from 'react-router';
import { ErrorState, Loading } from '@/components/ui/status';
import { paths } from '@/config/paths';
import { errorMessage } from '@/lib/api-error';
import { ROLE_LABELS } from '@/utils/roles';
import { useCreateProject } from '../api/create-project';
import { useProjects } from '../api/get-projects';
import { ProjectForm } from './project-form';

/** A project's colour, as a dot before its name. */
export function ColourDot({ color }: { color: string | null }) {
  return (
    <span
      className="colour-dot"
      aria-hidden="true"
      style={color ? { background: color } : undefined}
    />
  );
}

/** The sidebar's numbers (GET /tasks/counts, composed in the app): open tasks per view and project. */
export type SidebarCounts = {
  today: number;
  /** Of today's, those already overdue: shown apart, in red. */
  overdue: number;
  upcoming: number;
  assigned: number;
  completed: number;
  all: number;
  /** Open tasks per project id. */
  projects: ReadonlyMap<number, number>;
};

type ViewLink = { path: string; label: string; count: keyof Omit<SidebarCounts, 'projects'> };

const VIEW_LINKS: ViewLink[] = [
  { path: paths.app.today.path, label: 'Today', count: 'today' },
  { path: paths.app.upcoming.path, label: 'Upcoming', count: 'upcoming' },
  { path: paths.app.assigned.path, label: 'Assigned to me', count: 'assigned' },
  { path: paths.app.completed.path, label: 'Completed', count: 'completed' },
  { path: paths.app.tasks.path, label: 'All tasks', count: 'all' },
];

/**
 * A count beside a link, outside it so the link's name stays the view's; the hidden words say what
 * the number counts to a screen reader.
 */
function Count({ value, what, id }: { value: number | undefined; what: string; id: string }) {
  if (value === undefined) return null;
  return (
    <span className={`nav-count${what === 'overdue' ? ' nav-count-overdue' : ''}`} data-testid={id}>
      {value}
      <span className="visually-hidden"> {what}</span>
    </span>
  );
}

/**
 * The views of the task list (Today first, the default), then each project (the inbox first, then
 * by name), with their counts. Links keep the filters of the query string.
 */
export function ProjectSidebar({
  onCreated,
  counts,
}: {
  onCreated?: (projectId: number) => void;
  counts?: SidebarCounts | undefined;
}) {
  const projects = useProjects();
  const { search } = useLocation();
  const create = useCreateProject();
  const [creating, setCreating] = useState(false);
  const to = (pathname: string) => ({ pathname, search });

  return (
    <nav className="sidebar" aria-label="Projects">
      <ul className="views" aria-label="Views">
        {VIEW_LINKS.map((view) => (
          <li key={view.path}>
            {/* /tasks is also the start of each project's path: only an exact match is current. */}
            <NavLink to={to(view.path)} end>
              {view.label}
            </NavLink>
            {view.count === 'today' && counts !== undefined && counts.overdue > 0 && (
              <Count value={counts.overdue} what="overdue" id="count-overdue" />
            )}
            <Count
              value={counts?.[view.count]}
              what={view.count === 'completed' ? 'completed' : 'open'}
              id={`count-${view.count}`}
            />
          </li>
        ))}
      </ul>
      <h2 className="sidebar-heading">Projects</h2>
      {projects.isPending ? (
        <Loading label="Loading projects…" />
      ) : projects.isError ? (
        <ErrorState
          message={errorMessage(projects.error)}
          onRetry={() => void projects.refetch()}
        />
      ) : (
        <ul className="project-list" aria-label="Your projects">
          {projects.data.map((project) => (
            <li key={project.id}>
              <NavLink to={to(paths.app.project.getHref(project.id))}>
                <ColourDot color={project.color} />
                <span className="project-name">{project.name}</span>
                {project.role !== 'owner' && (
                  <span className="role-badge">{ROLE_LABELS[project.role]}</span>
                )}
              </NavLink>
              <Count
                value={counts?.projects.get(project.id)}
                what="open"
                id={`count-project-${project.id}`}
              />
            </li>
          ))}
        </ul>
      )}
      {creating ? (
        <ProjectForm
          label="New project"
          submitLabel="Create project"
          pending={create.isPending}
          error={create.error}
          onCancel={() => {
            create.reset();
            setCreating(false);
          }}
          onSubmit={(values) =>
            create.mutate(values, {
              onSuccess: (project) => {
                setCreating(false);
                onCreated?.(project.id);
              },
            })
          }
        />
      ) : (
        <button type="button" className="new-project" onClick={() => setCreating(true)}>
          New project
        </button>
      )}
    </nav>
  );
}
