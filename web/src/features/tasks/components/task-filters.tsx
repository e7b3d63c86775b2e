import { Field } from '@/components/ui/field';
import { PRIORITIES, TASK_SORTS, type LabelCount, type TaskSort } from '@/types/api';
import type { TaskFilterState, TaskStatus } from '../utils/filters';
import { PRIORITY_LABELS } from '../utils/labels';
import { labelKey } from '../utils/task-labels';

const STATUSES: { value: TaskStatus; label: string }[] = [
  { value: 'all', label: 'All' },
  { value: 'active', label: 'Active' },
  { value: 'completed', label: 'Completed' },
];

const SORT_LABELS: Record<TaskSort, string> = {
  '-created_at': 'Newest first',
  created_at: 'Oldest first',
  due_date: 'Due date, soonest first',
  '-due_date': 'Due date, latest first',
  '-priority': 'Priority, highest first',
  priority: 'Priority, lowest first',
};

type Props = {
  value: TaskFilterState;
  onChange: (next: TaskFilterState) => void;
  /** The labels to filter by (GET /labels), with how many tasks carry each. */
  labels?: readonly LabelCount[] | undefined;
  /** A view with its own order and status (Today, Upcoming, Completed): no sort or status controls. */
  fixedOrder?: boolean;
};

/**
 * The labels to filter by, each a toggle; several chosen means tasks carrying all of them (the
 * API's `label=a&label=b`). A label from the URL that no task carries any more stays, at 0.
 */
function LabelFilter({
  chosen,
  known,
  onChange,
}: {
  chosen: readonly string[];
  known: readonly LabelCount[];
  onChange: (labels: string[]) => void;
}) {
  const chosenKeys = new Set(chosen.map(labelKey));
  const knownKeys = new Set(known.map((l) => labelKey(l.name)));
  const options = [
    ...known,
    ...chosen.filter((name) => !knownKeys.has(labelKey(name))).map((name) => ({ name, count: 0 })),
  ];
  if (options.length === 0) return null;
  return (
    <fieldset className="segmented label-filter">
      <legend>With all of these labels</legend>
      {options.map((option) => {
        const key = labelKey(option.name);
        return (
          <label key={key}>
            <input
              type="checkbox"
              checked={chosenKeys.has(key)}
              onChange={(e) =>
                onChange(
                  e.target.checked
                    ? [...chosen, option.name]
                    : chosen.filter((name) => labelKey(name) !== key),
                )
              }
            />
            {option.name} <span className="count">({option.count})</span>
          </label>
        );
      })}
    </fieldset>
  );
}

export function TaskFilters({ value, onChange, labels: known = [], fixedOrder = false }: Props) {
  const set = (patch: Partial<TaskFilterState>) => onChange({ ...value, ...patch });

  return (
    <section className="filters" aria-label="Filters">
      <div className="filter-fields">
        <Field label="Search" id="task-search">
          {(control) => (
            <input
              {...control}
              type="search"
              placeholder="Title or description"
              value={value.q}
              onChange={(e) => set({ q: e.target.value })}
            />
          )}
        </Field>
        <Field label="Filter by priority">
          {(control) => (
            <select
              {...control}
              value={value.priority}
              onChange={(e) => {
                const priority = PRIORITIES.find((p) => p === e.target.value);
                set({ priority: priority ?? '' });
              }}
            >
              <option value="">Any priority</option>
              {PRIORITIES.map((p) => (
                <option key={p} value={p}>
                  {PRIORITY_LABELS[p]}
                </option>
              ))}
            </select>
          )}
        </Field>
        {!fixedOrder && (
          <Field label="Sort by">
            {(control) => (
              <select
                {...control}
                value={value.sort}
                onChange={(e) => {
                  const sort = TASK_SORTS.find((s) => s === e.target.value);
                  if (sort) set({ sort });
                }}
              >
                {TASK_SORTS.map((s) => (
                  <option key={s} value={s}>
                    {SORT_LABELS[s]}
                  </option>
                ))}
              </select>
            )}
          </Field>
        )}
      </div>
      {!fixedOrder && (
        <div className="filter-toggles">
          <fieldset className="segmented">
            <legend>Show</legend>
            {STATUSES.map((status) => (
              <label key={status.value}>
                <input
                  type="radio"
                  name="status"
                  value={status.value}
                  checked={value.status === status.value}
                  onChange={() => set({ status: status.value })}
                />
                {status.label}
              </label>
            ))}
          </fieldset>
          <label className="checkbox">
            <input
              type="checkbox"
              checked={value.overdue}
              onChange={(e) => set({ overdue: e.target.checked })}
            />
            Overdue only
          </label>
        </div>
      )}
      <LabelFilter chosen={value.labels} known={known} onChange={(labels) => set({ labels })} />
    </section>
  );
}
