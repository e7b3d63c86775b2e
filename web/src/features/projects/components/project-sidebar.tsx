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

/**
 * The views of the task list: every project, the tasks assigned to me, and each project (the
 * inbox first, then by name). Links keep the filters of the query string.
 */
export function ProjectSidebar({ onCreated }: { onCreated?: (projectId: number) => void }) {
  const projects = useProjects();
  const { search } = useLocation();
  const create = useCreateProject();
  const [creating, setCreating] = useState(false);
  const to = (pathname: string) => ({ pathname, search });

  return (
    <nav className="sidebar" aria-label="Projects">
      <ul className="views">
        <li>
          <NavLink to={to(paths.app.tasks.path)} end>
            All projects
          </NavLink>
        </li>
        <li>
          <NavLink to={to(paths.app.assigned.path)}>Assigned to me</NavLink>
        </li>
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
