import { lazy, Suspense, useRef, useState } from 'react';
import { Loading } from '@/components/ui/status';
import { errorMessage, toApiError } from '@/lib/api-error';
import type { Project } from '@/types/api';
import { canManageProject, ROLE_LABELS } from '@/utils/roles';
import { useDeleteProject } from '../api/delete-project';
import { useUpdateProject } from '../api/update-project';
import { ProjectForm } from './project-form';
import { ColourDot } from './project-sidebar';

// Loaded when first opened: most visits never share, and the first view's JS has a budget.
const ShareDialog = lazy(() => import('./share-dialog').then((m) => ({ default: m.ShareDialog })));

type Mode = 'view' | 'edit' | 'share' | 'confirm-delete';

type Props = {
  project: Project;
  currentUserId: number;
  /** After the project was deleted, or the user left it: it is gone from their views. */
  onGone: () => void;
};

/** The selected project: its name and colour, and what the caller's role lets them do with it. */
export function ProjectHeader({ project, currentUserId, onGone }: Props) {
  const [mode, setMode] = useState<Mode>('view');
  const update = useUpdateProject();
  const remove = useDeleteProject({ onSuccess: onGone });
  const shareButton = useRef<HTMLButtonElement>(null);
  const manage = canManageProject(project.role);
  const deletable = project.role === 'owner' && !project.inbox;

  if (mode === 'edit') {
    return (
      <div className="project-header card">
        <ProjectForm
          label={`Edit project ${project.name}`}
          initial={{ name: project.name, color: project.color }}
          submitLabel="Save project"
          pending={update.isPending}
          error={update.error}
          onCancel={() => {
            update.reset();
            setMode('view');
          }}
          onSubmit={(changes) =>
            update.mutate({ id: project.id, changes }, { onSuccess: () => setMode('view') })
          }
        />
      </div>
    );
  }

  return (
    <div className="project-header">
      <h1>
        <ColourDot color={project.color} />
        {project.name}
      </h1>
      <p className="project-role">
        Your role: <strong>{ROLE_LABELS[project.role]}</strong>
        {project.role === 'viewer' && ' — you can read this project’s tasks, not change them.'}
      </p>
      <div className="actions">
        {manage && (
          <button type="button" onClick={() => setMode('edit')}>
            Edit project
          </button>
        )}
        {!project.inbox && (
          <button
            ref={shareButton}
            type="button"
            onClick={() => setMode('share')}
            aria-haspopup="dialog"
          >
            {manage ? 'Share' : 'Members'}
          </button>
        )}
        {deletable &&
          (mode === 'confirm-delete' ? (
            <div role="group" aria-label={`Confirm deleting ${project.name}`} className="confirm">
              <span>Delete “{project.name}” and all its tasks?</span>
              <button
                type="button"
                className="danger"
                autoFocus
                disabled={remove.isPending}
                onClick={() => remove.mutate(project.id)}
              >
                Yes, delete project
              </button>
              <button type="button" onClick={() => setMode('view')}>
                Cancel
              </button>
            </div>
          ) : (
            <button type="button" className="danger" onClick={() => setMode('confirm-delete')}>
              Delete project
            </button>
          ))}
      </div>
      {remove.isError && (
        <p role="alert" className="form-error">
          Could not delete “{project.name}”:{' '}
          {toApiError(remove.error).code === 'forbidden'
            ? 'only its owner can delete it.'
            : errorMessage(remove.error)}
        </p>
      )}
      {mode === 'share' && (
        <Suspense fallback={<Loading label="Opening sharing…" />}>
          <ShareDialog
            project={project}
            currentUserId={currentUserId}
            onClose={() => setMode('view')}
            onLeft={onGone}
            returnFocusTo={shareButton}
          />
        </Suspense>
      )}
    </div>
  );
}
