import { screen, waitFor, within } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import { useState } from 'react';
import { afterEach, describe, expect, it } from 'vitest';
import { UserTimeZoneProvider } from '@/hooks/use-user-time-zone';
import { makeMember, makeTask } from '@/testing/fixtures';
import { apiError, mockApi, resetApi } from '@/testing/mock-api';
import { renderWithClient } from '@/testing/test-utils';
import type { Task } from '@/types/api';
import { TaskAccessContext, type TaskAccess } from '@/features/tasks/hooks/use-task-access';
import {
  isFiltered,
  parseFilterParams,
  toApiFilters,
  toFilterParams,
  type TaskFilterState,
} from '@/features/tasks/utils/filters';
import { CreateTaskForm } from '../create-task-form';
import { TaskFilters } from '../task-filters';
import { TaskItem } from '../task-item';

const now = Date.parse('2026-12-01T12:00:00Z');
const MEMBERS = [
  makeMember({ user_id: 1, email: 'me@example.com', role: 'owner' }),
  makeMember({ user_id: 2, email: 'bob@example.com', role: 'editor' }),
];

function access(canEdit: boolean): TaskAccess {
  return { canEdit: () => canEdit, membersOf: () => MEMBERS, currentUserId: 1 };
}

const renderItem = (task: Task, canEdit: boolean) =>
  renderWithClient(
    <TaskAccessContext value={access(canEdit)}>
      <UserTimeZoneProvider timeZone="UTC">
        <ul>
          <TaskItem task={task} now={now} />
        </ul>
      </UserTimeZoneProvider>
    </TaskAccessContext>,
  );

describe('labels', () => {
  afterEach(resetApi);

  it('are added with Enter, removed by their chip’s button, and sent with the new task', async () => {
    const { calls } = mockApi({
      'POST /tasks': (request) => ({
        status: 201,
        data: makeTask({ ...(request.body as object) }),
      }),
    });
    const user = userEvent.setup();
    renderWithClient(
      <TaskAccessContext value={access(true)}>
        <CreateTaskForm projectId={7} />
      </TaskAccessContext>,
    );
    await user.type(screen.getByLabelText('Title'), 'Fix the tap');
    const input = screen.getByLabelText('Add a label');
    await user.type(input, 'home{Enter}urgent{Enter}  errands {Enter}HOME{Enter}');
    const chips = screen.getByRole('list', { name: 'Labels set' });
    expect(
      within(chips)
        .getAllByRole('listitem')
        .map((li) => li.firstChild?.textContent),
    ).toEqual(['home', 'urgent', 'errands']);
    // A label already there, in another case, is refused (the server would fold it).
    expect(screen.getByText('“HOME” is already there.')).toBeInTheDocument();
    await user.clear(input);
    await user.click(screen.getByRole('button', { name: 'Remove label urgent' }));
    await user.selectOptions(screen.getByLabelText('Assignee'), 'bob@example.com');
    // Enter in the label box added labels; only the button submits.
    expect(calls).toHaveLength(0);
    await user.click(screen.getByRole('button', { name: 'Add task' }));

    await waitFor(() => expect(calls).toHaveLength(1));
    expect(calls[0]?.body).toMatchObject({
      title: 'Fix the tap',
      project_id: 7,
      labels: ['home', 'errands'],
      assignee_id: 2,
    });
  });

  it('show on the task line, with its assignee', () => {
    renderItem(makeTask({ labels: ['home', 'errands'], assignee_id: 2 }), true);
    expect(screen.getAllByTestId('task-label').map((el) => el.textContent)).toEqual([
      'home',
      'errands',
    ]);
    expect(screen.getByTestId('task-assignee')).toHaveTextContent('Assigned to bob@example.com');
  });

  it('filter the list by several labels at once, all of them (label= repeated)', async () => {
    const user = userEvent.setup();
    let latest: TaskFilterState = parseFilterParams(new URLSearchParams('label=Garden'));
    function Harness() {
      const [state, setState] = useState(latest);
      latest = state;
      return (
        <TaskFilters
          value={state}
          onChange={setState}
          labels={[
            { name: 'errands', count: 2 },
            { name: 'home', count: 5 },
          ]}
        />
      );
    }
    renderWithClient(<Harness />);
    // The control says how several labels combine: the API's all-of.
    const group = screen.getByRole('group', { name: 'With all of these labels' });
    const home = within(group).getByRole('checkbox', { name: 'home (5)' });
    const errands = within(group).getByRole('checkbox', { name: 'errands (2)' });
    // A label from the URL that no task carries any more stays, ticked, at 0.
    const garden = within(group).getByRole('checkbox', { name: 'Garden (0)' });
    expect(garden).toBeChecked();

    await user.click(garden);
    expect(toApiFilters(latest, '')).not.toHaveProperty('label');
    await user.click(home);
    await user.click(errands);
    expect(home).toBeChecked();
    expect(errands).toBeChecked();
    expect(toApiFilters(latest, '')).toMatchObject({ label: ['home', 'errands'] });
    expect(isFiltered(latest)).toBe(true);
    expect(toFilterParams(latest).getAll('label')).toEqual(['home', 'errands']);

    await user.click(home);
    expect(toApiFilters(latest, '')).toMatchObject({ label: ['errands'] });
    await user.click(errands);
    expect(toApiFilters(latest, '')).not.toHaveProperty('label');
    expect(isFiltered(latest)).toBe(false);
  });

  it('read several labels from the URL, trimmed, folding case like the server', () => {
    const state = parseFilterParams(
      new URLSearchParams('label=home&label=%20Work%20&label=HOME&label=&label=work'),
    );
    expect(state.labels).toEqual(['home', 'Work']);
    expect(toFilterParams(state).toString()).toBe('label=home&label=Work');
  });

  it('offer no label filter while no task has a label', () => {
    renderWithClient(
      <TaskFilters value={parseFilterParams(new URLSearchParams())} onChange={() => undefined} />,
    );
    expect(screen.queryByRole('group', { name: 'With all of these labels' })).toBeNull();
  });
});

describe('role-aware controls', () => {
  afterEach(resetApi);

  it('give a viewer no complete, edit or delete controls', () => {
    renderItem(makeTask({ title: 'Read only' }), false);
    expect(screen.queryByRole('checkbox')).toBeNull();
    expect(screen.queryByRole('button')).toBeNull();
    expect(screen.getByRole('img', { name: 'Not completed' })).toBeInTheDocument();
  });

  it('give an editor all three', () => {
    renderItem(makeTask({ title: 'Mine' }), true);
    expect(screen.getByRole('checkbox', { name: 'Completed: Mine' })).toBeInTheDocument();
    expect(screen.getByRole('button', { name: /Edit/ })).toBeInTheDocument();
    expect(screen.getByRole('button', { name: /Delete/ })).toBeInTheDocument();
  });

  it('say clearly when the server refuses a write for the role (403)', async () => {
    mockApi({
      'PATCH /tasks/1': () =>
        apiError(403, 'forbidden', 'your role in this project does not allow that'),
    });
    const user = userEvent.setup();
    renderItem(makeTask({ title: 'Demoted' }), true);
    await user.click(screen.getByRole('checkbox', { name: 'Completed: Demoted' }));
    expect(await screen.findByRole('alert')).toHaveTextContent(
      'Could not update “Demoted”: Your role in this project lets you read its tasks, not change them.',
    );
  });
});
