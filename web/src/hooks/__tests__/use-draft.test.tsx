import { act, renderHook } from '@testing-library/react';
import { describe, expect, it } from 'vitest';
import { clearDrafts, readDraft, useDraft } from '../use-draft';

describe('useDraft', () => {
  it('gives back what was typed when the form comes back (a session that ended)', () => {
    const first = renderHook(() => useDraft('task-new:inbox', { title: '' }));
    act(() => first.result.current[1]({ title: 'Buy milk' }));
    first.unmount();

    const again = renderHook(() => useDraft('task-new:inbox', { title: '' }));
    expect(again.result.current[0]).toEqual({ title: 'Buy milk' });
  });

  it('forgets the draft once cleared (a successful submit), and starts blank again', () => {
    const { result, unmount } = renderHook(() => useDraft('quick-add', ''));
    act(() => result.current[1]('Call mum'));
    act(() => result.current[2]());
    expect(result.current[0]).toBe('');
    unmount();
    expect(renderHook(() => useDraft('quick-add', '')).result.current[0]).toBe('');
  });

  it('keeps nothing for a value put back to the start, nor for a null key', () => {
    const { result } = renderHook(() => useDraft('quick-add', ''));
    act(() => result.current[1]('x'));
    act(() => result.current[1](''));
    expect(readDraft('quick-add')).toBeUndefined();

    const plain = renderHook(() => useDraft<string>(null, ''));
    act(() => plain.result.current[1]('typed'));
    expect(plain.result.current[0]).toBe('typed');
    expect(window.sessionStorage.length).toBe(0);
  });

  it('takes updater functions like useState', () => {
    const { result } = renderHook(() => useDraft('counter', 1));
    act(() => result.current[1]((n) => n + 1));
    expect(result.current[0]).toBe(2);
    expect(readDraft('counter')).toBe(2);
  });

  it('drops every draft on explicit logout, and nothing else the tab keeps', () => {
    window.sessionStorage.setItem('unrelated', 'stays');
    const a = renderHook(() => useDraft('a', ''));
    const b = renderHook(() => useDraft('b', ''));
    act(() => a.result.current[1]('one'));
    act(() => b.result.current[1]('two'));
    clearDrafts();
    expect(readDraft('a')).toBeUndefined();
    expect(readDraft('b')).toBeUndefined();
    expect(window.sessionStorage.getItem('unrelated')).toBe('stays');
  });
});
