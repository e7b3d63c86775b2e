import { describe, expect, it } from 'vitest';
import { completionAt, insertProject } from '../completion';

const INBOX = { id: 1, name: 'Inbox' };
const WORK = { id: 2, name: 'Work' };
const RENOVATION = { id: 3, name: 'Home renovation' };
const HOME = { id: 4, name: 'Home' };
const PROJECTS = [INBOX, WORK, RENOVATION, HOME];

const at = (text: string) => completionAt(text, text.length, PROJECTS);

describe('completionAt', () => {
  it('offers every project right after an @, names starting so first', () => {
    expect(at('Paint @')?.matches).toEqual([HOME, RENOVATION, INBOX, WORK]);
    expect(at('Paint @re')?.matches).toEqual([RENOVATION]);
    expect(at('Paint @ho')?.matches).toEqual([HOME, RENOVATION]);
  });

  it('follows a name with spaces, quoted or not', () => {
    expect(at('Paint @home r')?.matches).toEqual([RENOVATION]);
    expect(at('Paint @"home r')?.matches).toEqual([RENOVATION]);
    expect(at('Paint @"home" ')).toBeNull();
  });

  it('offers nothing for an @ inside a word, a name typed out, or one that matches nothing', () => {
    expect(at('Mail bob@wo')).toBeNull();
    expect(at('Ask @work')).toBeNull();
    expect(at('Paint @home walls')).toBeNull();
  });

  it('reads the @ before the caret, not the end of the line', () => {
    const text = 'Paint @ho walls';
    expect(completionAt(text, 'Paint @ho'.length, PROJECTS)?.at).toBe(6);
  });
});

describe('insertProject', () => {
  it('puts the name in for what was typed, with a space after, and the caret after that', () => {
    const text = 'Paint @ho';
    const completion = at(text);
    if (!completion) throw new Error('no completion');
    expect(insertProject(text, completion, text.length, RENOVATION, PROJECTS)).toEqual({
      text: 'Paint @Home renovation ',
      caret: 'Paint @Home renovation '.length,
    });
  });

  it('quotes a name another one starts with, and keeps the text after the caret', () => {
    const text = 'Paint @ho walls';
    const caret = 'Paint @ho'.length;
    const completion = completionAt(text, caret, PROJECTS);
    if (!completion) throw new Error('no completion');
    expect(insertProject(text, completion, caret, HOME, PROJECTS)).toEqual({
      text: 'Paint @"Home" walls',
      caret: 'Paint @"Home" '.length,
    });
  });
});
