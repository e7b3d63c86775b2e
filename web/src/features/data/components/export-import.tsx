import { useState, type SubmitEvent } from 'react';
import { errorMessage, toApiError } from '@/lib/api-error';
import type { ImportCounts } from '@/types/api';
import { useExportAccount, useImportAccount } from '../api/export-import';

const plural = (n: number, one: string, many: string) => `${n} ${n === 1 ? one : many}`;

export function importSummary({ projects, tasks }: ImportCounts) {
  return `Imported ${plural(projects, 'project', 'projects')} and ${plural(tasks, 'task', 'tasks')}.`;
}

/** What went wrong with an import, in words: the server names each bad value by its path. */
function importError(error: unknown): { message: string; details: string[] } {
  const apiError = toApiError(error);
  if (apiError.status === 413) {
    return { message: 'That file is larger than this server accepts.', details: [] };
  }
  if (apiError.status === 400) {
    return { message: 'That file is not an export document (it is not valid JSON).', details: [] };
  }
  if (apiError.status === 422) {
    const details = Object.entries(apiError.fields).map(([path, why]) => `${path}: ${why}`);
    return { message: 'Nothing was imported: the file has values this server refuses.', details };
  }
  return { message: errorMessage(error), details: [] };
}

/** Download everything as one file; bring such a file into this account. */
export function ExportImport() {
  const exporting = useExportAccount();
  const importing = useImportAccount();
  const [file, setFile] = useState<File | null>(null);

  const onImport = (event: SubmitEvent<HTMLFormElement>) => {
    event.preventDefault();
    if (file) importing.mutate(file);
  };
  const failure = importing.isError ? importError(importing.error) : null;

  return (
    <>
      <section aria-labelledby="export-heading">
        <h3 id="export-heading">Export</h3>
        <p>Your projects, tasks, reminders and notifications as one JSON file.</p>
        {exporting.isError && (
          <p role="alert" className="form-error">
            {errorMessage(exporting.error)}
          </p>
        )}
        <button type="button" disabled={exporting.isPending} onClick={() => exporting.mutate()}>
          {exporting.isPending ? 'Exporting…' : 'Download export'}
        </button>
      </section>
      <section aria-labelledby="import-heading">
        <h3 id="import-heading">Import</h3>
        <p>
          Adds the projects and tasks of an export file to this account (the inbox&apos;s tasks go
          to your inbox). All or nothing.
        </p>
        <form onSubmit={onImport} aria-label="Import" noValidate>
          <label>
            Export file
            <input
              type="file"
              accept="application/json,.json"
              onChange={(e) => {
                setFile(e.target.files?.[0] ?? null);
                importing.reset();
              }}
            />
          </label>
          <button type="submit" disabled={!file || importing.isPending}>
            {importing.isPending ? 'Importing…' : 'Import'}
          </button>
        </form>
        {importing.isSuccess && <p role="status">{importSummary(importing.data)}</p>}
        {failure && (
          <div role="alert" className="form-error">
            <p>{failure.message}</p>
            {failure.details.length > 0 && (
              <ul>
                {failure.details.map((detail) => (
                  <li key={detail}>{detail}</li>
                ))}
              </ul>
            )}
          </div>
        )}
      </section>
    </>
  );
}
