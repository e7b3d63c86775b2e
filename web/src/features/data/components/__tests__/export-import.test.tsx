import { screen } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { setAccessToken } from '@/lib/api-client';
import { apiError, mockApi, resetApi } from '@/testing/mock-api';
import { renderWithClient } from '@/testing/test-utils';
import { ExportImport, importSummary } from '../export-import';

const documentFile = (body: unknown) =>
  new File([JSON.stringify(body)], 'tasktracker-export-2026-12-01.json', {
    type: 'application/json',
  });

async function importFile(file: File) {
  const user = userEvent.setup();
  await user.upload(screen.getByLabelText('Export file'), file);
  await user.click(screen.getByRole('button', { name: 'Import' }));
}

describe('export and import', () => {
  afterEach(() => {
    resetApi();
    vi.restoreAllMocks();
  });

  it('downloads the export under the name the server gives it', async () => {
    setAccessToken('good', 900);
    mockApi({
      'GET /users/me/export': () => ({
        status: 200,
        data: new Blob(['{}'], { type: 'application/json' }),
        headers: {
          'content-disposition': 'attachment; filename="tasktracker-export-2026-12-01.json"',
        },
      }),
    });
    const createObjectURL = vi.fn(() => 'blob:export');
    const revokeObjectURL = vi.fn();
    Object.assign(URL, { createObjectURL, revokeObjectURL });
    const click = vi.spyOn(HTMLAnchorElement.prototype, 'click').mockImplementation(function (
      this: HTMLAnchorElement,
    ) {
      expect(this.download).toBe('tasktracker-export-2026-12-01.json');
      expect(this.href).toBe('blob:export');
    });
    const user = userEvent.setup();
    renderWithClient(<ExportImport />);

    await user.click(screen.getByRole('button', { name: 'Download export' }));

    await vi.waitFor(() => expect(click).toHaveBeenCalledTimes(1));
    expect(revokeObjectURL).toHaveBeenCalledWith('blob:export');
  });

  it('imports the chosen file as it is and sums up what was created', async () => {
    setAccessToken('good', 900);
    const file = documentFile({ format: 'tasktracker-export', version: 1, projects: [] });
    const { calls } = mockApi({
      'POST /users/me/import': () => ({ status: 201, data: { projects: 3, tasks: 120 } }),
    });
    renderWithClient(<ExportImport />);

    await importFile(file);

    expect(await screen.findByRole('status')).toHaveTextContent(
      'Imported 3 projects and 120 tasks.',
    );
    expect(calls.map((c) => [c.method, c.url])).toEqual([['POST', '/users/me/import']]);
    expect(calls[0]?.body).toBe(file);
  });

  it('names each refused value and says that nothing was imported', async () => {
    setAccessToken('good', 900);
    mockApi({
      'POST /users/me/import': () =>
        apiError(422, 'validation_failed', 'some fields are invalid', {
          'projects[1].tasks[3].title': 'must not be empty',
        }),
    });
    renderWithClient(<ExportImport />);

    await importFile(documentFile({ format: 'tasktracker-export', version: 1 }));

    const alert = await screen.findByRole('alert');
    expect(alert).toHaveTextContent('Nothing was imported');
    expect(alert).toHaveTextContent('projects[1].tasks[3].title: must not be empty');
  });

  it('says when the file is too large', async () => {
    setAccessToken('good', 900);
    mockApi({
      'POST /users/me/import': () =>
        apiError(413, 'payload_too_large', 'request body is too large'),
    });
    renderWithClient(<ExportImport />);

    await importFile(documentFile({}));

    expect(await screen.findByRole('alert')).toHaveTextContent('larger than this server accepts');
  });

  it('writes counts in words', () => {
    expect(importSummary({ projects: 1, tasks: 1 })).toBe('Imported 1 project and 1 task.');
    expect(importSummary({ projects: 0, tasks: 12 })).toBe('Imported 0 projects and 12 tasks.');
  });
});
