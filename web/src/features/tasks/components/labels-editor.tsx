import { useId, useState, type KeyboardEvent } from 'react';
import { labelKey, MAX_LABEL_LENGTH, MAX_LABELS } from '../utils/task-labels';

type Props = {
  value: string[];
  onChange: (labels: string[]) => void;
  /** The server's message for `labels`. */
  error?: string | undefined;
};

/** A task's labels as chips: type one and press Enter to add it; each chip has a remove button. */
export function LabelsEditor({ value, onChange, error }: Props) {
  const [draft, setDraft] = useState('');
  const [problem, setProblem] = useState<string>();
  const id = useId();
  const errorId = `${id}-error`;
  const shown = problem ?? error;

  const add = () => {
    const label = draft.trim();
    if (!label) return;
    if (label.length > MAX_LABEL_LENGTH) {
      setProblem(`A label has at most ${MAX_LABEL_LENGTH} characters.`);
      return;
    }
    if (value.some((l) => labelKey(l) === labelKey(label))) {
      setProblem(`“${label}” is already there.`);
      return;
    }
    if (value.length >= MAX_LABELS) {
      setProblem(`At most ${MAX_LABELS} labels.`);
      return;
    }
    setProblem(undefined);
    onChange([...value, label]);
    setDraft('');
  };

  // Enter adds the label rather than submitting the task's form.
  const onKeyDown = (event: KeyboardEvent<HTMLInputElement>) => {
    if (event.key === 'Enter') {
      event.preventDefault();
      add();
    } else if (event.key === 'Backspace' && draft === '' && value.length > 0) {
      onChange(value.slice(0, -1));
    }
  };

  return (
    <fieldset className="labels-editor">
      <legend>Labels</legend>
      {value.length > 0 && (
        <ul className="chips" aria-label="Labels set">
          {value.map((label) => (
            <li key={labelKey(label)} className="chip">
              {label}
              <button
                type="button"
                className="chip-remove"
                aria-label={`Remove label ${label}`}
                onClick={() => onChange(value.filter((l) => l !== label))}
              >
                ×
              </button>
            </li>
          ))}
        </ul>
      )}
      <label htmlFor={id}>Add a label</label>
      <input
        id={id}
        type="text"
        placeholder="Type a label, then Enter"
        maxLength={MAX_LABEL_LENGTH + 1}
        value={draft}
        aria-invalid={Boolean(shown)}
        aria-describedby={shown ? errorId : undefined}
        onChange={(e) => {
          setDraft(e.target.value);
          setProblem(undefined);
        }}
        onKeyDown={onKeyDown}
      />
      {shown && (
        <small id={errorId} className="field-error">
          {shown}
        </small>
      )}
    </fieldset>
  );
}
