import { CreateTaskForm } from '@/features/tasks/components/create-task-form';
import { TaskFilters } from '@/features/tasks/components/task-filters';
import { TaskList } from '@/features/tasks/components/task-list';
import { useTaskFilters } from '@/features/tasks/hooks/use-task-filters';
import { isFiltered } from '@/features/tasks/utils/filters';

export function TasksRoute() {
  const { state, setState, apiFilters } = useTaskFilters();
  return (
    <>
      <h1>Tasks</h1>
      <section className="card" aria-labelledby="new-task-heading">
        <h2 id="new-task-heading">New task</h2>
        <CreateTaskForm />
      </section>
      <TaskFilters value={state} onChange={setState} />
      <TaskList filters={apiFilters} filtered={isFiltered(state)} />
    </>
  );
}
