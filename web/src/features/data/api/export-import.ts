import { useMutation, useQueryClient } from '@tanstack/react-query';
import { apiClient } from '@/lib/api-client';
import type { ImportCounts } from '@/types/api';

/** The export document as a file, named as the server names it. */
export async function exportAccount(): Promise<{ file: Blob; name: string }> {
  const response = await apiClient.get<Blob>('/users/me/export', { responseType: 'blob' });
  const disposition = String(response.headers['content-disposition'] ?? '');
  const name = /filename="([^"]+)"/.exec(disposition)?.[1] ?? 'tasktracker-export.json';
  return { file: response.data, name };
}

/** Hands `file` to the browser as a download. */
export function saveFile(file: Blob, name: string) {
  const url = URL.createObjectURL(file);
  const link = document.createElement('a');
  link.href = url;
  link.download = name;
  link.click();
  URL.revokeObjectURL(url);
}

export function useExportAccount() {
  return useMutation({
    mutationFn: exportAccount,
    onSuccess: ({ file, name }) => saveFile(file, name),
  });
}

/** Sends the file as it is (the browser streams it, up to tens of megabytes): the server checks
 * the whole document. */
export async function importAccount(file: File): Promise<ImportCounts> {
  const response = await apiClient.post<ImportCounts>('/users/me/import', file, {
    headers: { 'Content-Type': 'application/json' },
  });
  return response.data;
}

export function useImportAccount() {
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: importAccount,
    // New projects and tasks everywhere: every list the app holds is stale.
    onSuccess: () => queryClient.invalidateQueries(),
  });
}
