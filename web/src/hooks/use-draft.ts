import { useCallback, useState, type Dispatch, type SetStateAction } from 'react';

/**
 * Drafts: what the user typed into a form and has not sent yet, kept in sessionStorage so that a
 * session that ends (refresh refused → login page → back to the same view) loses nothing. The tab
 * keeps them across reloads; they go on explicit logout ({@link clearDrafts}) and when their form
 * is sent (the hook's `clear`).
 *
 * Never give a draft a password, a token or anything else secret: sessionStorage is readable by
 * any script on the page and outlives the session.
 *
 * Usage (the quick-add line, for instance):
 *   const [text, setText, clearText] = useDraft('quick-add', '');
 *   <input id="quick-add" value={text} onChange={(e) => setText(e.target.value)} />
 *   // after a successful submit:
 *   clearText();
 * A key of `null` makes it a plain `useState` (a form that keeps no draft).
 */
const PREFIX = 'tt:draft:';

function storageKey(key: string): string {
  return `${PREFIX}${key}`;
}

/** sessionStorage, or null where it is unavailable (private modes, storage disabled). */
function storage(): Storage | null {
  try {
    return window.sessionStorage;
  } catch {
    return null;
  }
}

/** The stored draft, as written: its type is the caller's word (the same key, the same form). */
export function readDraft(key: string): unknown {
  const raw = storage()?.getItem(storageKey(key));
  if (raw == null) return undefined;
  try {
    return JSON.parse(raw);
  } catch {
    return undefined;
  }
}

export function writeDraft(key: string, value: unknown): void {
  try {
    storage()?.setItem(storageKey(key), JSON.stringify(value));
  } catch {
    // Full or unavailable: the draft is a convenience, the form still works.
  }
}

export function clearDraft(key: string): void {
  storage()?.removeItem(storageKey(key));
}

/** Forgets every draft of this tab: on explicit logout, or when another user signs in. */
export function clearDrafts(): void {
  const store = storage();
  if (!store) return;
  const keys: string[] = [];
  for (let i = 0; i < store.length; i += 1) {
    const key = store.key(i);
    if (key?.startsWith(PREFIX)) keys.push(key);
  }
  keys.forEach((key) => store.removeItem(key));
}

/**
 * `useState` whose value is also kept as the draft `key` (restored from it when the component
 * mounts). The third element clears the draft and puts the value back to `initial`.
 * A draft equal to `initial` is not stored, so an untouched form leaves nothing behind.
 */
export function useDraft<T>(
  key: string | null,
  initial: T,
): [T, Dispatch<SetStateAction<T>>, () => void] {
  const [value, setValue] = useState<T>(() =>
    key === null ? initial : ((readDraft(key) as T | undefined) ?? initial),
  );
  const [initialJson] = useState(() => JSON.stringify(initial));

  const set = useCallback<Dispatch<SetStateAction<T>>>(
    (next) => {
      setValue((previous) => {
        const resolved = next instanceof Function ? next(previous) : next;
        if (key !== null) {
          if (JSON.stringify(resolved) === initialJson) clearDraft(key);
          else writeDraft(key, resolved);
        }
        return resolved;
      });
    },
    [key, initialJson],
  );

  const clear = useCallback(() => {
    if (key !== null) clearDraft(key);
    setValue(JSON.parse(initialJson) as T);
  }, [key, initialJson]);

  return [value, set, clear];
}
