import { useId, useState, type KeyboardEvent } from 'react';
import { Field } from '@/components/ui/field';
import type { Reminder, ReminderInput } from '@/types/api';
import { fromDateTimeLocal } from '@/utils/dates';
import {
  describeReminder,
  isRelative,
  MAX_BEFORE_DUE_MINUTES,
  MAX_REMINDERS,
  REMINDER_UNITS,
  sameReminder,
  toReminderInput,
  type ReminderUnit,
} from '../utils/reminders';

type Props = {
  value: ReminderInput[];
  onChange: (reminders: ReminderInput[]) => void;
  /** Whether the form has a due date: reminders before it need one. */
  hasDue: boolean;
  /** The task's reminders as saved, to mark those already sent. */
  saved?: readonly Reminder[];
  /** The server's message for `reminders`, or the form's own. */
  error?: string | undefined;
  /** The zone the reminders' times are shown in. */
  timeZone: string;
};

/** Enter in one of the adders adds its reminder, rather than submitting the task's form. */
const onEnter = (add: () => void) => (event: KeyboardEvent<HTMLElement>) => {
  if (event.key === 'Enter') {
    event.preventDefault();
    add();
  }
};

export function RemindersEditor({ value, onChange, hasDue, saved = [], error, timeZone }: Props) {
  const [at, setAt] = useState('');
  const [atError, setAtError] = useState<string>();
  const [amount, setAmount] = useState('1');
  const [unit, setUnit] = useState<ReminderUnit>('hours');
  const [beforeError, setBeforeError] = useState<string>();
  const ids = useId();
  const full = value.length >= MAX_REMINDERS;
  const needsDueId = `${ids}-needs-due`;
  const fullId = `${ids}-full`;
  const errorId = `${ids}-error`;
  const orphaned = !hasDue && value.some(isRelative);

  /** Adds `reminder` unless it is already there; returns the problem, if any. */
  const add = (reminder: ReminderInput): string | undefined => {
    if (full) return `At most ${MAX_REMINDERS} reminders.`;
    if (value.some((r) => sameReminder(r, reminder))) return 'That reminder is already set.';
    onChange([...value, reminder]);
    return undefined;
  };

  const addAt = () => {
    const instant = fromDateTimeLocal(at);
    const problem = instant ? add({ at: instant }) : 'Enter a date and time.';
    setAtError(problem);
    if (!problem) setAt('');
  };

  const addBefore = () => {
    const n = Number(amount);
    const factor = REMINDER_UNITS.find((u) => u.value === unit)?.minutes ?? 1;
    const minutes = n * factor;
    let problem: string | undefined;
    if (amount.trim() === '' || !Number.isInteger(n) || n < 0) problem = 'Enter a whole number.';
    else if (minutes > MAX_BEFORE_DUE_MINUTES) problem = 'At most 365 days before due.';
    else problem = add({ before_due_minutes: minutes });
    setBeforeError(problem);
  };

  const remove = (index: number) => onChange(value.filter((_, i) => i !== index));

  const sent = (reminder: ReminderInput) =>
    saved.some((s) => s.sent_at !== null && sameReminder(toReminderInput(s), reminder));

  const describedBy = [full && fullId, (error ?? orphaned) && errorId].filter(Boolean).join(' ');
  return (
    <fieldset className="reminders-editor" aria-describedby={describedBy || undefined}>
      <legend>Reminders</legend>
      {value.length === 0 ? (
        <p className="hint">No reminders.</p>
      ) : (
        <ul className="chips" aria-label="Reminders set">
          {value.map((reminder, index) => {
            const label = describeReminder(reminder, timeZone);
            return (
              <li key={'at' in reminder ? reminder.at : reminder.before_due_minutes}>
                <span className="chip">
                  {label}
                  {sent(reminder) && <span className="chip-note"> · sent</span>}
                  <button
                    type="button"
                    className="chip-remove"
                    aria-label={`Remove reminder: ${label}`}
                    onClick={() => remove(index)}
                  >
                    ×
                  </button>
                </span>
              </li>
            );
          })}
        </ul>
      )}
      <div className="reminder-adders">
        <div className="reminder-adder">
          <Field label="Remind at" error={atError}>
            {(control) => (
              <input
                {...control}
                type="datetime-local"
                step="any"
                value={at}
                onChange={(e) => setAt(e.target.value)}
                onKeyDown={onEnter(addAt)}
              />
            )}
          </Field>
          <button type="button" disabled={full} onClick={addAt}>
            Add reminder at this time
          </button>
        </div>
        <div className="reminder-adder">
          <Field
            label="Time before due"
            error={beforeError}
            hint={hasDue ? undefined : 'Set a due date to be reminded before it.'}
          >
            {(control) => (
              <input
                {...control}
                type="number"
                min={0}
                step={1}
                inputMode="numeric"
                disabled={!hasDue}
                value={amount}
                onChange={(e) => setAmount(e.target.value)}
                onKeyDown={onEnter(addBefore)}
              />
            )}
          </Field>
          <Field label="Unit">
            {(control) => (
              <select
                {...control}
                disabled={!hasDue}
                value={unit}
                onChange={(e) => {
                  const next = REMINDER_UNITS.find((u) => u.value === e.target.value);
                  if (next) setUnit(next.value);
                }}
              >
                {REMINDER_UNITS.map((u) => (
                  <option key={u.value} value={u.value}>
                    {u.plural}
                  </option>
                ))}
              </select>
            )}
          </Field>
          <button
            type="button"
            disabled={!hasDue || full}
            aria-describedby={hasDue ? undefined : needsDueId}
            onClick={addBefore}
          >
            Add reminder before due
          </button>
          {!hasDue && (
            <span id={needsDueId} hidden>
              Needs a due date.
            </span>
          )}
        </div>
      </div>
      {full && (
        <p id={fullId} className="hint">
          {MAX_REMINDERS} reminders is the most a task can have: remove one to add another.
        </p>
      )}
      {(error ?? orphaned) && (
        <p id={errorId} className="field-error">
          {error ?? 'Reminders before the due date need a due date: set one, or remove them.'}
        </p>
      )}
    </fieldset>
  );
}
