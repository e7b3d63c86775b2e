import { useState, type SubmitEvent } from 'react';
import { Field } from '@/components/ui/field';
import { toApiError } from '@/lib/api-error';

/** Shown in the colour picker while a project has none. */
const DEFAULT_COLOUR = '#2459c9';

type Props = {
  label: string;
  initial?: { name: string; color: string | null };
  submitLabel: string;
  pending: boolean;
  error: unknown;
  onSubmit: (values: { name: string; color: string | null }) => void;
  onCancel?: () => void;
};

/** A project's name and colour (#rrggbb, or none): for creating one, and for editing it. */
export function ProjectForm({
  label,
  initial = { name: '', color: DEFAULT_COLOUR },
  submitLabel,
  pending,
  error,
  onSubmit,
  onCancel,
}: Props) {
  const [name, setName] = useState(initial.name);
  const [colour, setColour] = useState(initial.color ?? DEFAULT_COLOUR);
  const [noColour, setNoColour] = useState(initial.color === null);
  const [nameError, setNameError] = useState<string>();
  const server = error ? toApiError(error) : null;

  const submit = (event: SubmitEvent<HTMLFormElement>) => {
    event.preventDefault();
    if (!name.trim()) {
      setNameError('Enter a name.');
      return;
    }
    setNameError(undefined);
    onSubmit({ name: name.trim(), color: noColour ? null : colour });
  };

  return (
    <form className="project-form" aria-label={label} onSubmit={submit} noValidate>
      <Field label="Project name" error={nameError ?? server?.fields.name}>
        {(control) => (
          <input
            {...control}
            type="text"
            maxLength={100}
            value={name}
            onChange={(e) => setName(e.target.value)}
          />
        )}
      </Field>
      <div className="colour-row">
        <Field label="Colour" error={server?.fields.color}>
          {(control) => (
            <input
              {...control}
              type="color"
              value={colour}
              disabled={noColour}
              onChange={(e) => setColour(e.target.value)}
            />
          )}
        </Field>
        <label className="checkbox">
          <input
            type="checkbox"
            checked={noColour}
            onChange={(e) => setNoColour(e.target.checked)}
          />
          No colour
        </label>
      </div>
      {server && Object.keys(server.fields).length === 0 && (
        <p role="alert" className="form-error">
          {server.code === 'forbidden'
            ? 'Only the project’s owner and admins can rename it or change its colour.'
            : server.message}
        </p>
      )}
      <div className="actions">
        <button type="submit" className="primary" disabled={pending}>
          {submitLabel}
        </button>
        {onCancel && (
          <button type="button" onClick={onCancel}>
            Cancel
          </button>
        )}
      </div>
    </form>
  );
}
