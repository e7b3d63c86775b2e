import { lazy, Suspense, useId, useState } from 'react';
import { useProjects } from '@/features/projects/api/get-projects';
import { QuickAdd, type QuickAddDraft } from '@/features/quick-add/components/quick-add';
import { useCreateTask } from '@/features/tasks/api/create-task';
import { EMPTY_TASK_VALUES, type TaskFormValues } from '@/features/tasks/utils/form-values';
import { toDateTimeLocal } from '@/utils/dates';
import { canEditTasks } from '@/utils/roles';

// The full form loads when "More options" first opens it: the first view's JS has a budget.
const CreateTaskForm = lazy(() =>
  import('@/features/tasks/components/create-task-form').then((m) => ({
    default: m.CreateTaskForm,
  })),
);

/** The full form's starting values: what the quick-add line said so far. */
function draftValues(draft: QuickAddDraft): TaskFormValues {
  return {
    ...EMPTY_TASK_VALUES,
    title: draft.title,
    due: toDateTimeLocal(draft.due_date),
    priority: draft.priority ?? EMPTY_TASK_VALUES.priority,
    recurrence: draft.recurrence ?? '',
    labels: draft.labels,
  };
}

type Open = { values: TaskFormValues; projectId: number | undefined; key: number };

/**
 * Adding a task: the quick-add line at the top of a task view, and the full form one click away
 * ("More options"), which starts from what the line held. `projectId`: where tasks go unless
 * the line names a project; without it, the inbox.
 */
export function NewTask({ projectId }: { projectId: number | undefined }) {
  const projects = useProjects();
  const createTask = useCreateTask();
  const formId = useId();
  const [open, setOpen] = useState<Open | null>(null);
  // The line may name only the projects the user can add tasks to.
  const writable = (projects.data ?? [])
    .filter((project) => canEditTasks(project.role))
    .map(({ id, name }) => ({ id, name }));

  return (
    <>
      <QuickAdd
        projects={writable}
        defaultProjectId={projectId}
        onCreate={(input) => createTask.mutateAsync(input)}
        moreOptionsOpen={open !== null}
        moreOptionsId={formId}
        onMoreOptions={(draft) =>
          setOpen((current) =>
            current
              ? null
              : { values: draftValues(draft), projectId: draft.projectId, key: Date.now() },
          )
        }
      />
      {open && (
        <section id={formId} className="card" aria-label="More options">
          <Suspense fallback={<p className="loading">Loading the form…</p>}>
            <CreateTaskForm
              key={open.key}
              projectId={open.projectId}
              initialValues={open.values}
              autoFocusTitle
            />
          </Suspense>
        </section>
      )}
    </>
  );
}
