import { useId, useMemo, useState } from 'react';
import { Field } from '@/components/ui/field';
import { useDebouncedValue } from '@/hooks/use-debounced-value';
import { toApiError } from '@/lib/api-error';
import { formatShortDateTime } from '@/utils/dates';
import { WEEKDAY_NAMES, WEEKDAYS, type Weekday } from '@/utils/time-zones';
import { PREVIEW_LENGTH, useOccurrencePreview } from '../api/get-occurrence-preview';
import {
  buildRule,
  defaultRecurrence,
  ORDINALS,
  parseRule,
  RECURRENCE_PRESETS,
  type RecurrenceState,
} from '../utils/recurrence';

/** Typing a custom rule or a due date asks the server once the user pauses. */
export const PREVIEW_DEBOUNCE_MS = 400;

type Props = {
  /** The rule the form opened with (null: none); the picker keeps its own state after that. */
  initialRule: string | null;
  /** The rule built; null while a custom rule is empty (which is not "does not repeat"). */
  onChange: (rule: string | null) => void;
  /** The due date, an RFC 3339 instant, or null: the series starts there. */
  due: string | null;
  /** The task's zone, in which the server reads the rule. */
  taskTimeZone: string;
  /** The zone the preview is shown in (the user's). */
  timeZone: string;
  /** The server's or the form's message for `recurrence`. */
  error?: string | undefined;
};

/** The server's reason a rule, date or zone cannot be previewed. */
function previewProblem(error: unknown): string {
  const apiError = toApiError(error);
  const { recurrence, due_date: dueDate, time_zone: timeZone } = apiError.fields;
  return recurrence ?? dueDate ?? timeZone ?? apiError.message;
}

export function RecurrencePicker({
  initialRule,
  onChange,
  due,
  taskTimeZone,
  timeZone,
  error,
}: Props) {
  const [state, setState] = useState<RecurrenceState>(() =>
    parseRule(initialRule, defaultRecurrence(due ? Date.parse(due) : null, taskTimeZone)),
  );
  const ids = useId();
  const previewId = `${ids}-preview`;

  const update = (next: RecurrenceState) => {
    setState(next);
    const built = buildRule(next);
    onChange(next.preset === 'custom' && !built ? null : built);
  };

  const choosePreset = (preset: RecurrenceState['preset']) => {
    // A preset chosen afresh starts from the due date as it is now; a custom rule from the rule
    // shown so far, to adjust.
    const fresh = defaultRecurrence(due ? Date.parse(due) : null, taskTimeZone);
    const custom = preset === 'custom' ? state.custom || buildRule(state) : state.custom;
    update({ ...fresh, preset, custom });
  };

  const toggleDay = (day: Weekday, on: boolean) => {
    const days = on ? [...state.days, day] : state.days.filter((d) => d !== day);
    update({ ...state, days: WEEKDAYS.filter((d) => days.includes(d)) });
  };

  const rule = buildRule(state);
  // Memoised: the debounce restarts whenever its value is a new object.
  const wanted = useMemo(
    () =>
      rule && due
        ? { recurrence: rule, due_date: due, time_zone: taskTimeZone, limit: PREVIEW_LENGTH }
        : null,
    [rule, due, taskTimeZone],
  );
  const request = useDebouncedValue(wanted, PREVIEW_DEBOUNCE_MS);
  const preview = useOccurrencePreview(request);
  // An answer for what the form shows now, not for what it showed a moment ago.
  const current = request !== null && request === wanted ? preview : null;
  const serverProblem = current?.isError ? previewProblem(current.error) : undefined;
  const problem = error ?? serverProblem;

  return (
    <fieldset className="recurrence-picker" aria-describedby={rule ? previewId : undefined}>
      <legend>Repeat</legend>
      <div className="form-row">
        <Field label="Repeats" error={state.preset === 'custom' ? undefined : problem}>
          {(control) => (
            <select
              {...control}
              value={state.preset}
              onChange={(e) => {
                const preset = RECURRENCE_PRESETS.find((p) => p.value === e.target.value);
                if (preset) choosePreset(preset.value);
              }}
            >
              {RECURRENCE_PRESETS.map((p) => (
                <option key={p.value} value={p.value}>
                  {p.label}
                </option>
              ))}
            </select>
          )}
        </Field>
        {state.preset === 'monthly-day' && (
          <Field label="Day of month">
            {(control) => (
              <select
                {...control}
                value={state.monthDay}
                onChange={(e) => update({ ...state, monthDay: Number(e.target.value) })}
              >
                {Array.from({ length: 31 }, (_, i) => i + 1).map((day) => (
                  <option key={day} value={day}>
                    {day}
                  </option>
                ))}
                <option value={-1}>Last day</option>
              </select>
            )}
          </Field>
        )}
        {state.preset === 'monthly-weekday' && (
          <>
            <Field label="Week of month">
              {(control) => (
                <select
                  {...control}
                  value={state.ordinal}
                  onChange={(e) => {
                    const ordinal = ORDINALS.find((o) => String(o.value) === e.target.value);
                    if (ordinal) update({ ...state, ordinal: ordinal.value });
                  }}
                >
                  {ORDINALS.map((o) => (
                    <option key={o.value} value={o.value}>
                      {o.label}
                    </option>
                  ))}
                </select>
              )}
            </Field>
            <Field label="Day of week">
              {(control) => (
                <select
                  {...control}
                  value={state.weekday}
                  onChange={(e) => {
                    const weekday = WEEKDAYS.find((d) => d === e.target.value);
                    if (weekday) update({ ...state, weekday });
                  }}
                >
                  {WEEKDAYS.map((d) => (
                    <option key={d} value={d}>
                      {WEEKDAY_NAMES[d]}
                    </option>
                  ))}
                </select>
              )}
            </Field>
          </>
        )}
        {state.preset === 'custom' && (
          <Field
            label="Rule (RRULE)"
            error={problem}
            hint="For example FREQ=MONTHLY;INTERVAL=2;BYDAY=-1FR: every other month, on its last Friday."
          >
            {(control) => (
              <input
                {...control}
                type="text"
                spellCheck={false}
                autoCapitalize="characters"
                value={state.custom}
                onChange={(e) => update({ ...state, custom: e.target.value })}
              />
            )}
          </Field>
        )}
      </div>
      {state.preset === 'weekly' && (
        <fieldset className="segmented day-toggles">
          <legend>On days</legend>
          {WEEKDAYS.map((day) => {
            const on = state.days.includes(day);
            return (
              <label key={day}>
                <input
                  type="checkbox"
                  aria-label={WEEKDAY_NAMES[day]}
                  checked={on}
                  // A weekly rule needs a day: the last one stays until another is chosen.
                  disabled={on && state.days.length === 1}
                  onChange={(e) => toggleDay(day, e.target.checked)}
                />
                {WEEKDAY_NAMES[day].slice(0, 3)}
              </label>
            );
          })}
        </fieldset>
      )}
      {rule && (
        <div id={previewId} className="occurrence-preview" aria-live="polite">
          {!due ? (
            <p className="hint">Set a due date: a repeating task starts on it.</p>
          ) : current?.isSuccess ? (
            current.data.length > 0 && (
              <>
                <p className="hint">Next dates ({timeZone}):</p>
                <ol aria-label="Next dates">
                  {current.data.map((at) => (
                    <li key={at}>
                      <time dateTime={at}>{formatShortDateTime(at, timeZone)}</time>
                    </li>
                  ))}
                </ol>
              </>
            )
          ) : current?.isError ? null : (
            <p className="hint">Working out the next dates…</p>
          )}
        </div>
      )}
    </fieldset>
  );
}
