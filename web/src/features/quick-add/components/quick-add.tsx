import {
  Fragment,
  useEffect,
  useId,
  useLayoutEffect,
  useRef,
  useState,
  type ChangeEvent,
  type KeyboardEvent,
  type ReactNode,
  type SubmitEvent,
} from 'react';
import { useUserTimeZone } from '@/hooks/use-user-time-zone';
import type { CreateTaskInput } from '@/types/api';
import { formatShortDateTime } from '@/utils/dates';
import { quickAddError } from '../utils/errors';
import type {
  parseQuickAdd,
  QuickAddPart,
  QuickAddProject,
  QuickAddResult,
} from '../utils/parse-quick-add';
import { completionAt, insertProject, type Completion } from '../utils/completion';
import { useDraft } from '@/hooks/use-draft';

/** What "More options" carries over to the full form. */
export type QuickAddDraft = QuickAddResult & { projectId: number | undefined };

type Props = {
  /** The projects the line may name with `@`: those the user can add tasks to. */
  projects: readonly QuickAddProject[];
  /** Where a task goes when the line names no project: the view's, or the inbox (undefined). */
  defaultProjectId: number | undefined;
  /** Creates the task; a rejection is shown in words and the line kept. */
  onCreate: (input: CreateTaskInput) => Promise<unknown>;
  /** Opens the full form with what the line says so far. */
  onMoreOptions: (draft: QuickAddDraft) => void;
  /** Whether the full form is open (the "More options" button controls it). */
  moreOptionsOpen: boolean;
  /** The full form's id, for the button's aria-controls. */
  moreOptionsId: string;
};

type Parse = typeof parseQuickAdd;

let parser: Parse | null = null;
let loading: Promise<Parse> | null = null;

/** chrono-node is some 16 KB gzipped: the parser loads just after the first view, not in it. */
function loadParser(): Promise<Parse> {
  loading ??= import('../utils/parse-quick-add').then(
    (module) => {
      parser = module.parseQuickAdd;
      return parser;
    },
    (error: unknown) => {
      // A chunk that failed to arrive (offline) is asked for again next time.
      loading = null;
      throw error;
    },
  );
  return loading;
}

function useParser(): Parse | null {
  const [loaded, setLoaded] = useState(() => parser);
  useEffect(() => {
    // Until it arrives, or if it cannot, the line reads as a plain title; Enter tries again.
    if (!loaded)
      loadParser().then(
        (parse) => setLoaded(() => parse),
        () => undefined,
      );
  }, [loaded]);
  return loaded;
}

/** The line read as a bare title, while the parser is still loading. */
function plainLine(text: string): QuickAddResult {
  return {
    title: text.replace(/\s+/gu, ' ').trim(),
    due_date: null,
    priority: null,
    labels: [],
    project: null,
    recurrence: null,
    repeats: null,
    parts: [],
  };
}

/** The line with its recognised parts marked, drawn behind the (transparent) input. */
function Mirror({ text, parts }: { text: string; parts: QuickAddPart[] }) {
  const pieces: ReactNode[] = [];
  let at = 0;
  for (const part of parts) {
    if (part.start < at) continue;
    pieces.push(text.slice(at, part.start));
    pieces.push(
      <mark key={part.start} className="quick-add-mark" data-kind={part.kind}>
        {text.slice(part.start, part.end)}
      </mark>,
    );
    at = part.end;
  }
  pieces.push(text.slice(at));
  return <>{pieces}</>;
}

/** "Due: Wed 2 Dec, 09:00 · Priority: high · Label: work · Repeats: every Monday". */
function previewItems(parsed: QuickAddResult, timeZone: string, now: number): string[] {
  const items: string[] = [];
  if (parsed.due_date) items.push(`Due: ${formatShortDateTime(parsed.due_date, timeZone, now)}`);
  if (parsed.priority) items.push(`Priority: ${parsed.priority}`);
  for (const label of parsed.labels) items.push(`Label: ${label}`);
  if (parsed.project) items.push(`Project: ${parsed.project.name}`);
  if (parsed.repeats) items.push(`Repeats: ${parsed.repeats}`);
  return items;
}

export function toCreateInput(
  parsed: QuickAddResult,
  defaultProjectId: number | undefined,
): CreateTaskInput {
  const input: CreateTaskInput = { title: parsed.title };
  const projectId = parsed.project?.id ?? defaultProjectId;
  if (projectId !== undefined) input.project_id = projectId;
  if (parsed.due_date) input.due_date = parsed.due_date;
  if (parsed.priority) input.priority = parsed.priority;
  if (parsed.labels.length > 0) input.labels = parsed.labels;
  if (parsed.recurrence) input.recurrence = parsed.recurrence;
  return input;
}

/**
 * One line that becomes a task: "Call Anna tomorrow 9am !high #work @Home every monday". The
 * parts it recognises are marked in the line and listed under it before Enter; `@` offers the
 * projects (an ARIA combobox). After an add, the line is empty and keeps the focus, ready for the
 * next task.
 */
export function QuickAdd({
  projects,
  defaultProjectId,
  onCreate,
  onMoreOptions,
  moreOptionsOpen,
  moreOptionsId,
}: Props) {
  const timeZone = useUserTimeZone();
  const id = useId();
  const listboxId = `${id}-projects`;
  const previewId = `${id}-preview`;
  const errorId = `${id}-error`;
  const inputRef = useRef<HTMLInputElement>(null);
  const mirrorRef = useRef<HTMLDivElement>(null);
  // Kept as a draft: a session that ends elsewhere loses nothing typed here (hooks/use-draft).
  const [text, setText, clearText] = useDraft('quick-add', '');
  const [caret, setCaret] = useState(0);
  const [active, setActive] = useState(-1);
  // The `@` whose list Escape closed: it stays closed until another `@` is typed.
  const [dismissedAt, setDismissedAt] = useState<number | null>(null);
  const [pending, setPending] = useState(false);
  const [error, setError] = useState<string | null>(null);
  const [added, setAdded] = useState<string | null>(null);
  const nextCaret = useRef<number | null>(null);

  // The time the line was last typed at: "in 2 hours" is from then (Enter reads it afresh).
  const [now, setNow] = useState(() => Date.now());
  const parse = useParser();
  const parsed = parse ? parse(text, { now, timeZone, projects }) : plainLine(text);
  const completion: Completion | null = completionAt(text, caret, projects);
  const open = completion !== null && completion.at !== dismissedAt;
  const options = open ? completion.matches : [];
  const items = previewItems(parsed, timeZone, now);

  // After a pick the caret goes after the name put in; the mirror scrolls with the input, so the
  // marks stay under their words in a long line.
  useLayoutEffect(() => {
    const input = inputRef.current;
    if (nextCaret.current !== null && input) {
      input.setSelectionRange(nextCaret.current, nextCaret.current);
      nextCaret.current = null;
    }
    if (mirrorRef.current && input) mirrorRef.current.scrollLeft = input.scrollLeft;
  });

  const syncCaret = () => setCaret(inputRef.current?.selectionStart ?? text.length);

  const onChange = (event: ChangeEvent<HTMLInputElement>) => {
    const value = event.target.value;
    const at = event.target.selectionStart ?? value.length;
    setText(value);
    setNow(Date.now());
    setCaret(at);
    if (completionAt(value, at, projects)?.at !== dismissedAt) setDismissedAt(null);
    setActive(-1);
    setError(null);
  };

  const pick = (project: QuickAddProject) => {
    if (!completion) return;
    const next = insertProject(text, completion, caret, project, projects);
    setText(next.text);
    setCaret(next.caret);
    nextCaret.current = next.caret;
    setActive(-1);
    inputRef.current?.focus();
  };

  const onKeyDown = (event: KeyboardEvent<HTMLInputElement>) => {
    if (!open || options.length === 0) return;
    if (event.key === 'ArrowDown' || event.key === 'ArrowUp') {
      event.preventDefault();
      const step = event.key === 'ArrowDown' ? 1 : -1;
      // Wraps round: up from the first option (or from none) is the last.
      setActive((i) => (Math.max(i, step > 0 ? -1 : 0) + step + options.length) % options.length);
    } else if (event.key === 'Enter' && active >= 0) {
      event.preventDefault();
      const project = options[active];
      if (project) pick(project);
    } else if (event.key === 'Escape') {
      event.preventDefault();
      setDismissedAt(completion.at);
      setActive(-1);
    }
  };

  const create = async () => {
    let parseNow: Parse;
    try {
      parseNow = parser ?? (await loadParser());
    } catch {
      setError('Not added: part of the page did not load. Check your connection and try again.');
      return;
    }
    const current = parseNow(text, { now: Date.now(), timeZone, projects });
    if (!current.title) {
      setError(
        text.trim()
          ? 'Add a title as well: the line holds only a date, priority, label or project.'
          : 'Type a task first, e.g. “Call Anna tomorrow 9am”.',
      );
      return;
    }
    setPending(true);
    setError(null);
    try {
      await onCreate(toCreateInput(current, defaultProjectId));
      setAdded(current.title);
      clearText();
      setCaret(0);
      setDismissedAt(null);
    } catch (reason) {
      setError(quickAddError(reason));
    } finally {
      setPending(false);
      inputRef.current?.focus();
    }
  };

  const submit = (event: SubmitEvent<HTMLFormElement>) => {
    event.preventDefault();
    if (!pending) void create();
  };

  const activeId = active >= 0 ? `${listboxId}-${active}` : undefined;

  return (
    <form className="quick-add" aria-label="Quick add a task" onSubmit={submit}>
      <div className="quick-add-line">
        <div className="quick-add-field">
          <div className="quick-add-mirror" ref={mirrorRef} aria-hidden="true">
            <Mirror text={text} parts={parsed.parts} />
          </div>
          <input
            id="quick-add"
            ref={inputRef}
            aria-label="Quick add"
            role="combobox"
            aria-autocomplete="list"
            aria-expanded={options.length > 0}
            aria-controls={listboxId}
            aria-activedescendant={activeId}
            aria-describedby={`${previewId} ${errorId}`}
            aria-invalid={error ? true : undefined}
            autoComplete="off"
            spellCheck={false}
            placeholder="Add a task: Call Anna tomorrow 9am !high #work"
            value={text}
            onChange={onChange}
            onKeyDown={onKeyDown}
            onKeyUp={syncCaret}
            onClick={syncCaret}
            onSelect={syncCaret}
            onScroll={() => {
              if (mirrorRef.current && inputRef.current)
                mirrorRef.current.scrollLeft = inputRef.current.scrollLeft;
            }}
          />
          <ul
            id={listboxId}
            role="listbox"
            aria-label="Projects"
            className="quick-add-options"
            hidden={options.length === 0}
          >
            {options.map((project, i) => (
              <li
                key={project.id}
                id={`${listboxId}-${i}`}
                role="option"
                aria-selected={i === active}
                // Keeps the focus in the input, where typing goes on.
                onMouseDown={(event) => event.preventDefault()}
                onClick={() => pick(project)}
              >
                {project.name}
              </li>
            ))}
          </ul>
        </div>
        <button type="submit" className="primary" disabled={pending}>
          {pending ? 'Adding…' : 'Add'}
        </button>
        <button
          type="button"
          aria-expanded={moreOptionsOpen}
          aria-controls={moreOptionsId}
          onClick={() => {
            onMoreOptions({ ...parsed, projectId: parsed.project?.id ?? defaultProjectId });
            // The line's words move into the full form: typing them twice is what this avoids.
            if (!moreOptionsOpen) setText('');
          }}
        >
          More options
        </button>
      </div>
      <p id={previewId} className="quick-add-preview" aria-live="polite">
        {items.length > 0 && <span className="visually-hidden">Recognised: </span>}
        {items.map((item, i) => (
          // The separators sit between the chips, so a narrow screen wraps there.
          <Fragment key={item}>
            {i > 0 && <span aria-hidden="true"> · </span>}
            <span className="quick-add-chip">{item}</span>
          </Fragment>
        ))}
      </p>
      <p id={errorId} role="alert" className="form-error">
        {error}
      </p>
      <div role="status" className="success">
        {added && `Added “${added}”.`}
      </div>
    </form>
  );
}
