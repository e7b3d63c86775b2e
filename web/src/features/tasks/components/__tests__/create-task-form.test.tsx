import { screen, waitFor } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import { afterEach, describe, expect, it } from 'vitest';
import { apiError, mockApi, resetApi } from '@/testing/mock-api';
import { renderWithClient } from '@/testing/test-utils';
import { CreateTaskForm } from '../create-task-form';

describe('CreateTaskForm', () => {
  afterEach(resetApi);

  it('shows the server’s 422 field messages next to the matching fields', async () => {
    const { calls } = mockApi({
      'POST /tasks': () =>
        apiError(422, 'validation_failed', 'Some fields are invalid.', {
          title: 'must be at most 200 characters',
          reminders: 'a reminder before the due date needs a due date',
        }),
    });
    const user = userEvent.setup();
    renderWithClient(<CreateTaskForm />);

    await user.type(screen.getByLabelText('Title'), '  Write report  ');
    await user.type(screen.getByLabelText('Description'), 'Q4 numbers');
    await user.selectOptions(screen.getByLabelText('Priority'), 'high');
    await user.click(screen.getByRole('button', { name: 'Add task' }));

    const title = screen.getByLabelText('Title');
    await waitFor(() => {
      expect(title).toHaveAccessibleDescription('must be at most 200 characters');
    });
    expect(title).toHaveAttribute('aria-invalid', 'true');
    expect(screen.getByRole('group', { name: 'Reminders' })).toHaveAccessibleDescription(
      'a reminder before the due date needs a due date',
    );
    expect(screen.getByLabelText('Description')).toHaveAttribute('aria-invalid', 'false');
    expect(screen.getByRole('alert')).toHaveTextContent('Check the highlighted fields.');
    // The user's input is kept so they can fix it.
    expect(title).toHaveValue('  Write report  ');
    expect(calls[0]?.body).toEqual({
      title: 'Write report',
      description: 'Q4 numbers',
      priority: 'high',
    });
  });

  it('shows a non-validation error as one message for the form', async () => {
    mockApi({
      'POST /tasks': () => apiError(503, 'unavailable', 'The database cannot be reached.'),
    });
    const user = userEvent.setup();
    renderWithClient(<CreateTaskForm />);

    await user.type(screen.getByLabelText('Title'), 'Pay rent');
    await user.click(screen.getByRole('button', { name: 'Add task' }));

    expect(await screen.findByRole('alert')).toHaveTextContent('The database cannot be reached.');
    expect(screen.getByLabelText('Title')).toHaveAttribute('aria-invalid', 'false');
  });

  it('asks for a title without calling the server, and clears the form after a success', async () => {
    const { calls } = mockApi({ 'POST /tasks': () => ({ status: 201, data: {} }) });
    const user = userEvent.setup();
    renderWithClient(<CreateTaskForm />);

    await user.click(screen.getByRole('button', { name: 'Add task' }));
    expect(screen.getByLabelText('Title')).toHaveAccessibleDescription('Enter a title.');
    expect(calls).toHaveLength(0);

    await user.type(screen.getByLabelText('Title'), 'Buy milk');
    await user.click(screen.getByRole('button', { name: 'Add task' }));
    await waitFor(() => {
      expect(screen.getByLabelText('Title')).toHaveValue('');
    });
    expect(calls).toHaveLength(1);
  });

  it('leaves focus in the title after adding, for the next task, and says it was added', async () => {
    mockApi({ 'POST /tasks': () => ({ status: 201, data: {} }) });
    const user = userEvent.setup();
    renderWithClient(<CreateTaskForm />);

    await user.type(screen.getByLabelText('Title'), 'Buy milk');
    await user.keyboard('{Enter}');

    expect(await screen.findByRole('status')).toHaveTextContent('Added “Buy milk”.');
    const title = screen.getByLabelText('Title');
    expect(title).toHaveValue('');
    expect(title).toHaveFocus();
  });
});
